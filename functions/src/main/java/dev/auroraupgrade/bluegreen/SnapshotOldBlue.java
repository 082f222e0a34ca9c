package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;

/** Retirement, 1: the old blue's final cluster snapshot (kept); a re-run reuses it. Only the old blue this workflow kept. */
public class SnapshotOldBlue extends OldBlueStep {
    public static final String STEP = "oldBlueSnapshot";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotOldBlue.class);

    public SnapshotOldBlue() {
        this(AwsClients.rds());
    }

    public SnapshotOldBlue(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(OldBlueReport r, Instant startedAt) {
        var cluster = oldBlue(r);
        String id = r.finalSnapshotIdentifier();
        var existing = finalSnapshot(r);
        if (existing.isPresent()) {
            if (ResourceStatus.ofSnapshot(existing.get().status()) == ResourceStatus.FAILED) {
                throw new ResourceFailedException("the final snapshot '" + id + "' of an earlier run is '"
                        + existing.get().status() + "': delete it and run again; old blue was not deleted");
            }
            return outcome(StepOutcome.REUSED, id, "final snapshot of " + r.oldBlueClusterIdentifier() + " taken by an "
                    + "earlier run at " + existing.get().snapshotCreateTime(), startedAt);
        }
        DBCluster old = cluster.orElseThrow(() -> new ResourceFailedException("old blue '" + r.oldBlueClusterIdentifier()
                + "' is gone and its final snapshot '" + id + "' does not exist: it was deleted outside this workflow"));
        RdsCalls.create(() -> rds.createDBClusterSnapshot(s -> s.dbClusterSnapshotIdentifier(id)
                        .dbClusterIdentifier(old.dbClusterIdentifier()).tags(snapshotTags(r))),
                DbClusterSnapshotAlreadyExistsException.class, () -> finalSnapshot(r).isPresent());
        LOG.info("final snapshot {} of old blue {}", id, old.dbClusterIdentifier());
        return outcome(StepOutcome.CREATED, id, "final snapshot of old blue " + old.dbClusterIdentifier() + " (kept)", startedAt);
    }
}
