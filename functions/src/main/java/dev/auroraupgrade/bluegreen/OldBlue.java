package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.rds.OwnershipTags;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The old blue a switchover leaves: RDS renames blue to {@code <id>-oldN} (Aurora User Guide, "Switching a
 * blue/green deployment"). The deployment's Source is documented only for before the switchover, so old blue is
 * found by name and tags, never through Source.
 */
final class OldBlue {
    /** Tag this workflow puts on an old blue it keeps. */
    static final String TAG = "aurora-upgrade:old-blue-of";

    private OldBlue() {
    }

    /**
     * The old blue of the cluster's latest switchover: the newest {@code <id>-oldN} (RDS numbers them in order),
     * unless it is tagged as another cluster's.
     */
    static Optional<DBCluster> find(RdsClient rds, String id) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d+)");
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> name.matcher(c.dbClusterIdentifier()).matches())
                .max(Comparator.comparingInt(c -> Integer.parseInt(c.dbClusterIdentifier().substring(id.length() + 4))))
                .filter(c -> OwnershipTags.value(c.tagList(), TAG) == null || id.equals(OwnershipTags.value(c.tagList(), TAG)));
    }

    /** True when an earlier run of this workflow finished an upgrade of the cluster and kept its old blue. */
    static boolean keptBy(RdsClient rds, String id) {
        Pattern name = Pattern.compile(Pattern.quote(id) + "-old(\\d+)");
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .anyMatch(c -> name.matcher(c.dbClusterIdentifier()).matches() && id.equals(OwnershipTags.value(c.tagList(), TAG)));
    }
}
