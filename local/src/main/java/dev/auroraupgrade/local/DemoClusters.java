package dev.auroraupgrade.local;

import dev.auroraupgrade.rds.RdsLookup;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** The demo Serverless v1 clusters the sample inputs in events/ migrate. */
public final class DemoClusters {
    public static final String MYSQL = "demo-mysql-v1";
    public static final String POSTGRESQL = "demo-postgres-v1";
    public static final String MYSQL_PROVISIONED = "demo-mysql-provisioned";
    public static final String POSTGRESQL_PROVISIONED = "demo-postgres-provisioned";
    public static final String MYSQL_CONVERTED = "demo-mysql-converted";
    public static final String POSTGRESQL_CONVERTED = "demo-postgres-converted";
    /** A converted cluster whose data fails Aurora MySQL's upgrade prechecks (its rehearsal names them). */
    public static final String MYSQL_FAILING_PRECHECKS = "demo-mysql-prechecks";
    /** The local-only tag that makes the local layer fail a cluster's (and its clones') major upgrade prechecks. */
    public static final String FAILING_PRECHECKS_TAG = "local-emulator:upgrade-prechecks";

    /** The demo fleet: tagged with this wave, both engines, one cluster (MySQL 5.7) that in place without a target refuses. */
    public static final String FLEET_TAG_KEY = "upgrade-wave";
    public static final String FLEET_TAG_VALUE = "1";
    public static final List<String> FLEET = List.of("demo-fleet-mysql-01", "demo-fleet-mysql-02", "demo-fleet-mysql-03",
            "demo-fleet-mysql-04", "demo-fleet-mysql-05", "demo-fleet-mysql-57", "demo-fleet-postgres-01",
            "demo-fleet-postgres-02", "demo-fleet-postgres-03", "demo-fleet-postgres-04", "demo-fleet-postgres-05",
            "demo-fleet-postgres-06");

    private DemoClusters() {
    }

    /** Creates the demo clusters that do not exist yet; returns the ones it created. */
    public static List<String> seed(RdsClient rds) {
        RdsLookup lookup = new RdsLookup(rds);
        List<String> created = new java.util.ArrayList<>();
        if (lookup.cluster(MYSQL).isEmpty()) {
            createV1(rds, MYSQL, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
            created.add(MYSQL);
        }
        if (lookup.cluster(POSTGRESQL).isEmpty()) {
            createV1(rds, POSTGRESQL, "aurora-postgresql", "13.12", 2, 16);
            created.add(POSTGRESQL);
        }
        if (lookup.cluster(MYSQL_PROVISIONED).isEmpty()) {
            createProvisioned(rds, MYSQL_PROVISIONED, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
            created.add(MYSQL_PROVISIONED);
        }
        if (lookup.cluster(POSTGRESQL_PROVISIONED).isEmpty()) {
            createProvisioned(rds, POSTGRESQL_PROVISIONED, "aurora-postgresql", "14.9");
            created.add(POSTGRESQL_PROVISIONED);
        }
        if (lookup.cluster(MYSQL_CONVERTED).isEmpty()) {
            createConvertedV1(rds, MYSQL_CONVERTED, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
            created.add(MYSQL_CONVERTED);
        }
        if (lookup.cluster(POSTGRESQL_CONVERTED).isEmpty()) {
            createConvertedV1(rds, POSTGRESQL_CONVERTED, "aurora-postgresql", "13.12");
            created.add(POSTGRESQL_CONVERTED);
        }
        if (lookup.cluster(MYSQL_FAILING_PRECHECKS).isEmpty()) {
            createConvertedV1(rds, MYSQL_FAILING_PRECHECKS, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
            String arn = lookup.cluster(MYSQL_FAILING_PRECHECKS).orElseThrow().dbClusterArn();
            rds.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key(FAILING_PRECHECKS_TAG).value("fail")));
            created.add(MYSQL_FAILING_PRECHECKS);
        }
        for (String id : FLEET) {
            if (lookup.cluster(id).isEmpty()) {
                createFleetMember(rds, id);
                created.add(id);
            }
        }
        return created;
    }

    /**
     * A cluster of a demo fleet, tagged with its wave: a name ending in -57 is a converted MySQL 5.7 (in place without a
     * target it refuses by name), one with mysql a provisioned MySQL 8.0, any other a provisioned PostgreSQL 14.
     */
    public static void createFleetMember(RdsClient rds, String id) {
        if (id.endsWith("-57")) {
            createConvertedV1(rds, id, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
        } else if (id.contains("mysql")) {
            createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        } else {
            createProvisioned(rds, id, "aurora-postgresql", "14.9");
        }
        String arn = new RdsLookup(rds).cluster(id).orElseThrow().dbClusterArn();
        rds.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key(FLEET_TAG_KEY).value(FLEET_TAG_VALUE)));
    }

    /**
     * A cluster as AWS left it after Serverless v1's end of life: provisioned at the old engine version, one
     * provisioned writer and one reader, a custom cluster parameter group with a team setting.
     */
    public static void createConvertedV1(RdsClient rds, String id, String engine, String version) {
        boolean mysql = "aurora-mysql".equals(engine);
        String family = mysql ? "aurora-mysql5.7" : "aurora-postgresql" + version.substring(0, version.indexOf('.'));
        String group = id + "-params";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily(family)
                .description("team settings of " + id));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                .parameterName(mysql ? "long_query_time" : "log_min_duration_statement").parameterValue(mysql ? "2" : "2000")
                .applyMethod("immediate")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).engineVersion(version)
                .masterUsername("dbadmin")
                .masterUserPassword(UUID.randomUUID().toString().replace("-", ""))
                .dbClusterParameterGroupName(group)
                .deletionProtection(true)
                .backupRetentionPeriod(7)
                .tags(Tag.builder().key("team").value("payments").build()));
        for (String member : List.of(id + "-writer", id + "-reader")) {
            rds.createDBInstance(r -> r.dbInstanceIdentifier(member).dbClusterIdentifier(id).engine(engine)
                    .dbInstanceClass("db.r5.large"));
        }
    }

    /**
     * A provisioned cluster on the default parameter group with a writer and a reader, as the Blue/Green workflow
     * finds them (a reader matters: after a writer reboot Aurora leaves it pending-reboot).
     */
    public static void createProvisioned(RdsClient rds, String id, String engine, String version) {
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).engineVersion(version)
                .masterUsername("dbadmin")
                .masterUserPassword(UUID.randomUUID().toString().replace("-", ""))
                .deletionProtection(true)
                .backupRetentionPeriod(7)
                .tags(Tag.builder().key("team").value("payments").build()));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass("db.r6g.large"));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-2").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass("db.r6g.large"));
    }

    /** A Serverless v1 cluster as teams have them: auto-pause, Data API, tags, backups, deletion protection. */
    public static void createV1(RdsClient rds, String id, String engine, String version, int minAcu, int maxAcu) {
        rds.createDBCluster(r -> r.dbClusterIdentifier(id)
                .engine(engine)
                .engineVersion(version)
                .engineMode("serverless")
                .masterUsername("dbadmin")
                // A throwaway password for the emulator only; never printed.
                .masterUserPassword(UUID.randomUUID().toString().replace("-", ""))
                .scalingConfiguration(s -> s.minCapacity(minAcu).maxCapacity(maxAcu).autoPause(true)
                        .secondsUntilAutoPause(300))
                .enableHttpEndpoint(true)
                .backupRetentionPeriod(7)
                .deletionProtection(true)
                .copyTagsToSnapshot(true)
                .vpcSecurityGroupIds("sg-0demo0000000001")
                .tags(Tag.builder().key("team").value("payments").build(),
                        Tag.builder().key("environment").value("demo").build()));
    }
}
