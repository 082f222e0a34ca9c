package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.errors.BlueGreenBlockerException;
import dev.auroraupgrade.iac.ClusterShape;
import dev.auroraupgrade.rds.ClusterNeighbours;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.RdsLookup;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterRole;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The Aurora User Guide's "Limitations and considerations for Amazon Aurora blue/green deployments", checked
 * before anything changes: what the RDS API shows and AWS refuses is refused here by name, with the fix; what it
 * shows and AWS accepts with a consequence is a notice; what it cannot show is a notice worded as the DBA's
 * checklist. docs/blue-green.md lists each entry and which of the three it is.
 */
final class BlueGreenLimitations {
    private BlueGreenLimitations() {
    }

    /** The notices for the plan; a blocker is thrown. */
    static List<String> check(RdsClient rds, DBCluster blue, boolean acceptGreenWithoutBacktrack,
                              List<String> autoScalingNotices) {
        String id = blue.dbClusterIdentifier();
        List<String> notices = new ArrayList<>();
        ClusterNeighbours.globalDatabase(rds, blue).ifPresent(global -> {
            // AWS runs Blue/Green for a global database as one deployment over every Region, from the writer's Region,
            // with old blues in each; this tool upgrades a standalone cluster and would treat the primary as one.
            throw new BlueGreenBlockerException("cluster '" + id + "' is a member of the Aurora Global Database '" + global
                    + "': this tool does not run Blue/Green for a global database, whose deployment spans every Region "
                    + "(Aurora User Guide, \"Blue/green deployments for Aurora Global Database\"). Upgrade it with AWS's "
                    + "managed procedure from the writer's Region, or remove the cluster from the global database first");
        });
        if (blue.replicationSourceIdentifier() != null && !blue.replicationSourceIdentifier().isBlank()) {
            throw new BlueGreenBlockerException("cluster '" + id + "' is a read replica of '" + blue.replicationSourceIdentifier()
                    + "': a replica cannot be the blue of a Blue/Green deployment (Aurora limitations: cross-Region read "
                    + "replicas and external binlog replicas are not supported). Upgrade its source, or promote it first");
        }
        if (blue.hasReadReplicaIdentifiers() && !blue.readReplicaIdentifiers().isEmpty()) {
            throw new BlueGreenBlockerException("cluster '" + id + "' has cross-Region read replicas ("
                    + String.join(", ", blue.readReplicaIdentifiers()) + "), which Blue/Green deployments do not support: "
                    + "remove them (or promote them) first, and re-create them after the upgrade");
        }
        if (blue.backtrackWindow() != null && blue.backtrackWindow() > 0) {
            if (!acceptGreenWithoutBacktrack) {
                throw new BlueGreenBlockerException("cluster '" + id + "' has backtrack on (" + blue.backtrackWindow()
                        + " s): green is created without backtracking, so after the switchover the cluster cannot "
                        + "backtrack, and a backtrack forced on blue meanwhile breaks the deployment. Set "
                        + "acceptGreenWithoutBacktrack to true to go ahead");
            }
            notices.add("backtrack (" + blue.backtrackWindow() + " s) is lost: green is created without it "
                    + "(acceptGreenWithoutBacktrack); do not backtrack blue while the deployment stands");
        }
        List<String> integrations = ClusterNeighbours.zeroEtlIntegrations(rds, blue.dbClusterArn());
        if (!integrations.isEmpty()) {
            // Not a refusal: green can be built meanwhile; the readiness check holds the switchover until they are gone.
            notices.add("zero-ETL integration(s) " + String.join(", ", integrations) + " read from '" + id + "': AWS "
                    + "blocks the switchover while they exist. Green is created; the switchover waits until you delete "
                    + "them (re-create them after the switchover)");
        }
        List<String> proxies = ClusterNeighbours.proxies(rds, id);
        if (!proxies.isEmpty()) {
            notices.add("RDS Proxy " + String.join(", ", proxies) + " routes to '" + id + "': AWS supports Blue/Green with "
                    + "a proxy whose target was registered before the deployment was created (it is); at the switchover "
                    + "RDS checks the proxy reaches green, connections through the proxy drop once and clients reconnect "
                    + "to the same proxy endpoint; register no new proxy target on '" + id + "' until the run ends");
        }
        if (blue.hasAssociatedRoles() && !blue.associatedRoles().isEmpty()) {
            notices.add("IAM roles associated with '" + id + "' (" + String.join(", ", blue.associatedRoles().stream()
                    .map(DBClusterRole::roleArn).toList()) + ") are not copied to green: associate them again after the switchover");
        }
        if (autoScalingNotices != null) {
            notices.addAll(autoScalingNotices); // read by the Blue/Green state machine, re-created after its switchover
        } else {
            notices.add("Application Auto Scaling policies on '" + id + "' readers are not copied to green: the Blue/Green "
                    + "workflow reads them before its pre-flight and re-creates them after its switchover");
        }
        String stack = blue.hasTagList() ? blue.tagList().stream().filter(t -> ClusterShape.STACK_NAME_TAG.equals(t.key()))
                .map(Tag::value).findFirst().orElse(null) : null;
        if (stack != null) {
            notices.add("'" + id + "' belongs to CloudFormation stack " + stack + ", and AWS does not support Blue/Green "
                    + "deployments for CloudFormation: the stack knows nothing of this one, so make no stack update on "
                    + "the cluster while it stands, and update the template to the values iacFollowUp lists after the "
                    + "switchover");
        }
        notices.add("while the deployment stands (AWS Blue/Green limitations): neither blue nor green can be stopped and "
                + "started, and blue must not be upgraded past green's engine version (hold blue's minor version "
                + "upgrades, automatic or in its maintenance window, until the switchover); after the switchover the "
                + "cluster has green's resource ID, so what is keyed on the old one (rds-db:connect IAM policies, "
                + "CloudTrail filters, Database Activity Streams) must follow");
        if (EngineVersion.POSTGRESQL.equals(blue.engine())) {
            notices.add("checklist before the switchover (Aurora PostgreSQL Blue/Green limitations; the API cannot see "
                    + "these): every table has a primary key; no DDL, large-object changes or materialized-view refreshes "
                    + "on blue while green exists (each puts green in 'Replication degraded'); no new partitions; blue is "
                    + "neither a logical replication publisher nor subscriber; pglogical, pgactive and pg_partman are "
                    + "off; a foreign data wrapper elsewhere that uses blue as its foreign server names it by its "
                    + "cluster endpoint, not an IP address");
            notices.add(unloggedTables(new RdsLookup(rds), blue));
        } else {
            notices.add("checklist before the switchover (Aurora MySQL Blue/Green limitations; the API cannot see these): "
                    + "a database named 'tmp' is not copied to green; blue must not be an external binlog replica; "
                    + "event_scheduler stays off on green until the switchover");
        }
        return notices;
    }

    /** Aurora PostgreSQL's parameter that makes logical replication (and so green) carry unlogged tables. */
    static final String UNLOGGED_TABLES = "rds.logically_replicate_unlogged_tables";

    /**
     * What blue's cluster parameter group says of unlogged tables (Aurora PostgreSQL Blue/Green limitations: not
     * replicated unless {@value #UNLOGGED_TABLES} is 1 on blue before the deployment is created, and not to be changed
     * while it stands). Not set in the group, or a default group (not read, as BlueGreenRules.replicationOn does not):
     * the engine default, taken as 0 as that limitation reads.
     */
    static String unloggedTables(RdsLookup lookup, DBCluster blue) {
        String group = blue.dbClusterParameterGroup();
        boolean custom = group != null && !group.startsWith("default.");
        String value = custom ? lookup.clusterParameter(group, UNLOGGED_TABLES) : null;
        if ("1".equals(value)) {
            return UNLOGGED_TABLES + " is 1 in blue's group " + group + ": unlogged tables are replicated to green; do "
                    + "not change it while the deployment stands";
        }
        return "unlogged tables will not be in green: " + UNLOGGED_TABLES + " is " + (value == null
                ? "not set (the engine default, 0)" : value) + " in blue's group " + group + ", and Blue/Green replicates "
                + "unlogged tables only when it is 1. If '" + blue.dbClusterIdentifier() + "' has unlogged tables you "
                + "need in green, set it to 1 in blue's " + (custom ? "group" : "own custom cluster parameter group (a "
                + "default group cannot be changed)") + " and reboot the writer before this run creates the deployment "
                + "(it may not change while the deployment stands), or make those tables logged (ALTER TABLE ... SET "
                + "LOGGED)";
    }
}
