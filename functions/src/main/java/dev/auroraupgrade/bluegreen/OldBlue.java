package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.rds.OwnershipTags;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The old blue a switchover leaves: RDS renames blue to {@code <id>-oldN} (Aurora User Guide, "Switching a
 * blue/green deployment"). The deployment's Source is documented only for before the switchover, so old blue is
 * found by name and tags, never through Source.
 */
public final class OldBlue {
    /** Tag this workflow puts on an old blue it keeps. */
    static final String TAG = "aurora-upgrade:old-blue-of";

    private OldBlue() {
    }

    /** What a plan can say of the old blue a switchover will leave: RDS picks N, the next free number. */
    public static String planned(String id) {
        return "old blue " + id + "-oldN (RDS numbers it)";
    }

    /**
     * For iacFollowUp: the old blue is a cluster no template declares, and the cluster id now names another RDS
     * resource. Aurora User Guide, "Considerations and limitations for blue/green deployments": at switchover the
     * names move, each resource keeps its resource ID (DbClusterResourceId), so the cluster under the production name
     * has the green resource ID. CloudFormation (Ref of AWS::RDS::DBCluster) and Terraform (aws_rds_cluster id) name
     * a cluster by its identifier, so they find it under the same name; anything keyed on the resource ID (IAM
     * database authentication ARNs with cluster-..., CloudTrail filters) must follow. Not verified against a real stack.
     */
    public static String iacNote(String id, String oldBlue, String retiredAt) {
        return oldBlue + " and its instances (-old1 suffixes) are clusters no IaC declares: leave them out of it ("
                + (retiredAt == null ? "delete them when done, see nextSteps" : "this run deletes them " + retiredAt)
                + "). '" + id + "' keeps its name and endpoints but is the green cluster now, with a new resource ID "
                + "(DbClusterResourceId): CloudFormation and Terraform find it by its identifier; what refers to the "
                + "resource ID (IAM policies for rds-db:connect, CloudTrail filters) must be updated";
    }

    /** What a plan says becomes of that old blue: kept and billed, or retired after the hours asked. */
    public static String fate(String id, Integer retireAfterHours) {
        return planned(id) + ", the cluster as it was, " + (retireAfterHours == null
                ? "stays protected and billed until you delete it"
                : "stays protected for " + retireAfterHours + " h after the switchover (retireOldBlueAfterHours), then "
                        + "this run snapshots it and deletes its instances and cluster; its charges stop then");
    }

    /**
     * The old blue of the cluster's latest switchover. A renamed cluster keeps its resource id, so blue's id from
     * the pre-flight finds it for certain; a run that resumed after the switchover (its pre-flight saw new blue)
     * falls back to the newest {@code <id>-oldN} that is not tagged as another cluster's.
     */
    static Optional<DBCluster> find(RdsClient rds, String id, String blueResourceId) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d{1,4})");
        List<DBCluster> renamed = rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> name.matcher(c.dbClusterIdentifier()).matches()).toList();
        Optional<DBCluster> byResourceId = renamed.stream()
                .filter(c -> blueResourceId != null && blueResourceId.equals(c.dbClusterResourceId())).findFirst();
        if (byResourceId.isPresent()) {
            return byResourceId;
        }
        return renamed.stream()
                .filter(c -> OwnershipTags.value(c.tagList(), TAG) == null || id.equals(OwnershipTags.value(c.tagList(), TAG)))
                .max(Comparator.comparingInt(c -> Integer.parseInt(c.dbClusterIdentifier().substring(id.length() + 4))));
    }

    /** The old blue of this very blue (pre-flight's resource id, renamed to {@code <id>-oldN}): proof it switched over. */
    static Optional<DBCluster> ofBlue(RdsClient rds, String id, String blueResourceId) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d{1,4})");
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> name.matcher(c.dbClusterIdentifier()).matches())
                .filter(c -> blueResourceId != null && blueResourceId.equals(c.dbClusterResourceId())).findFirst();
    }

    /**
     * The only cluster a retirement may snapshot or delete: one this workflow kept as the old blue of {@code cluster}
     * (tagged {@code aurora-upgrade:old-blue-of=<cluster>} and as this tool's, by finalize). Anything else is refused
     * by name before any change; the functions' IAM allows the deletes only on that tag, too.
     */
    static void requireRetirable(DBCluster c, String cluster) {
        String of = OwnershipTags.value(c.tagList(), TAG);
        if (!cluster.equals(of) || !OwnershipTags.ownedBy(c.tagList(), cluster)) {
            throw new dev.auroraupgrade.errors.ResourceConflictException("cluster '" + c.dbClusterIdentifier()
                    + "' is not an old blue this workflow kept for '" + cluster + "' (tag " + TAG + " is "
                    + (of == null ? "absent" : "'" + of + "'") + "): it is neither snapshotted nor deleted; nothing was changed");
        }
    }

    /** The same for one of its instances: finalize tags them with the cluster. */
    static void requireRetirable(software.amazon.awssdk.services.rds.model.DBInstance i, String cluster) {
        String of = OwnershipTags.value(i.tagList(), TAG);
        if (!cluster.equals(of)) {
            throw new dev.auroraupgrade.errors.ResourceConflictException("DB instance '" + i.dbInstanceIdentifier()
                    + "' of the old blue is not tagged " + TAG + "=" + cluster + " (added after the switchover?): "
                    + "nothing was deleted; delete or tag it yourself, then run again");
        }
    }

    /**
     * True when an earlier run of this workflow finished an upgrade of the cluster and kept its old blue, or retired
     * it: then the old blue's final snapshot stands, tagged (a re-run of that run is a no-op, not "nothing to deploy").
     */
    static boolean keptBy(RdsClient rds, String id) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d+)");
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .anyMatch(c -> name.matcher(c.dbClusterIdentifier()).matches() && id.equals(OwnershipTags.value(c.tagList(), TAG)))
                || rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                        .anyMatch(s -> dev.auroraupgrade.rds.RdsNames.isOldBlueFinalSnapshot(id, s.dbClusterSnapshotIdentifier())
                                && id.equals(OwnershipTags.value(s.tagList(), TAG)) && OwnershipTags.ownedBy(s.tagList(), id));
    }
}
