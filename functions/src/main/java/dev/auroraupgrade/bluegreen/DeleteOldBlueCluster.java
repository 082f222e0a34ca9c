package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;

/**
 * Retirement, 3: the old blue cluster itself, without instances, deleted with SkipFinalSnapshot (its final snapshot
 * exists and is kept). Its Extended Support and instance charges stop with it.
 */
public class DeleteOldBlueCluster extends OldBlueStep {
    public static final String STEP = "oldBlueCluster";
    private static final Logger LOG = LoggerFactory.getLogger(DeleteOldBlueCluster.class);

    public DeleteOldBlueCluster() {
        this(AwsClients.rds());
    }

    public DeleteOldBlueCluster(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(OldBlueReport r, Instant startedAt) {
        var cluster = oldBlue(r);
        if (cluster.isEmpty()) {
            return outcome(StepOutcome.SKIPPED, r.oldBlueClusterIdentifier(), "old blue " + r.oldBlueClusterIdentifier()
                    + " is already gone; final snapshot " + r.finalSnapshotIdentifier() + " kept", startedAt);
        }
        DBCluster old = cluster.get();
        requireFinalSnapshot(r);
        if (!lookup.clusterInstances(old.dbClusterIdentifier()).isEmpty()) {
            throw new ResourceConflictException("old blue '" + old.dbClusterIdentifier() + "' has instances again: the "
                    + "cluster was not deleted");
        }
        if (!"deleting".equals(old.status())) {
            unprotect(old);
            RdsCalls.deleted(() -> rds.deleteDBCluster(d -> d.dbClusterIdentifier(old.dbClusterIdentifier())
                    .skipFinalSnapshot(true)), DbClusterNotFoundException.class);
        }
        LOG.info("deleting old blue {}; final snapshot {} kept", old.dbClusterIdentifier(), r.finalSnapshotIdentifier());
        return outcome(StepOutcome.DELETED, old.dbClusterIdentifier(), "deleting old blue " + old.dbClusterIdentifier()
                + " (SkipFinalSnapshot: final snapshot " + r.finalSnapshotIdentifier() + " taken and kept)", startedAt);
    }
}
