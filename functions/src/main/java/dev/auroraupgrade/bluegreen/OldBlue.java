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

    /** True when an earlier run of this workflow finished an upgrade of the cluster and kept its old blue. */
    static boolean keptBy(RdsClient rds, String id) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d+)");
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .anyMatch(c -> name.matcher(c.dbClusterIdentifier()).matches() && id.equals(OwnershipTags.value(c.tagList(), TAG)));
    }
}
