package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * Deletes a rehearsal's clone: its instances, then the cluster without a final snapshot (RDS API reference,
 * DeleteDBInstance and DeleteDBCluster with SkipFinalSnapshot). Only what carries the rehearsal tag of this source is
 * touched, which the IAM policy enforces too. The one place both the run's end and its failure tail delete from.
 */
final class CloneCleanup {
    /** What this pass did: instances whose deletion it started, and whether the cluster is gone or going. */
    record Pass(List<String> instancesDeleting, boolean clusterDeleting, boolean gone, String waitingFor) {
    }

    private CloneCleanup() {
    }

    static Pass run(RdsClient rds, String source, String cloneId) {
        RdsLookup lookup = new RdsLookup(rds);
        DBCluster clone = lookup.cluster(cloneId).orElse(null);
        if (clone == null) {
            return new Pass(List.of(), false, true, null);
        }
        if (!RehearsalStep.isRehearsalOf(clone.tagList(), source)) {
            throw new dev.auroraupgrade.errors.ResourceConflictException("DB cluster '" + cloneId + "' is not a rehearsal "
                    + "clone of '" + source + "': it is not deleted");
        }
        if (ResourceStatus.DELETING.equals(clone.status())) {
            return new Pass(List.of(), true, false, null);
        }
        List<String> deleting = new ArrayList<>();
        for (DBInstance i : lookup.clusterInstances(cloneId)) {
            if (!RehearsalStep.isRehearsalOf(i.tagList(), source)) {
                throw new dev.auroraupgrade.errors.ResourceConflictException("DB instance '" + i.dbInstanceIdentifier()
                        + "' in the clone was not made by this rehearsal: delete it yourself, then run again");
            }
            if (!ResourceStatus.DELETING.equals(i.dbInstanceStatus())) {
                try {
                    RdsCalls.deleted(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(i.dbInstanceIdentifier())
                            .skipFinalSnapshot(true)), DbInstanceNotFoundException.class);
                } catch (InvalidDbInstanceStateException busy) {
                    return new Pass(deleting, false, false, "instance " + i.dbInstanceIdentifier() + " is " + i.dbInstanceStatus());
                }
            }
            deleting.add(i.dbInstanceIdentifier());
        }
        try {
            RdsCalls.deleted(() -> rds.deleteDBCluster(r -> r.dbClusterIdentifier(cloneId).skipFinalSnapshot(true)),
                    DbClusterNotFoundException.class);
        } catch (InvalidDbClusterStateException notYet) {
            // RDS refuses while an instance is not yet deleting, or the clone is busy (an upgrade ending): try again.
            return new Pass(deleting, false, false, "the clone cannot be deleted yet (" + notYet.awsErrorDetails().errorMessage() + ")");
        }
        return new Pass(deleting, true, false, null);
    }
}
