package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;

/** Step 2: snapshots the source (the only call that touches it, and it only reads). Reuses this migration's snapshot. */
public class CreateClusterSnapshot extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "snapshot";
    private static final Logger LOG = LoggerFactory.getLogger(CreateClusterSnapshot.class);

    public CreateClusterSnapshot() {
        this(AwsClients.rds());
    }

    public CreateClusterSnapshot(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        String id = plan.snapshotIdentifier();
        var existing = lookup.clusterSnapshot(id);
        if (existing.isPresent()) {
            var snap = existing.get();
            if (!OwnershipTags.ownedBy(snap.tagList(), plan.sourceClusterIdentifier())) {
                throw new ResourceConflictException("cluster snapshot '" + id + "' exists but was not created by this migration");
            }
            if (ResourceStatus.ofSnapshot(snap.status()) == ResourceStatus.FAILED) {
                throw new ResourceFailedException("cluster snapshot '" + id + "' from an earlier run is '" + snap.status()
                        + "': delete it (aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier " + id
                        + ") and start again");
            }
            LOG.info("reusing snapshot {} taken {}", id, snap.snapshotCreateTime());
            return outcome(StepOutcome.REUSED, id, "snapshot taken by an earlier run at "
                    + snap.snapshotCreateTime() + "; writes to the source after that time are not in the target", startedAt);
        }
        RdsCalls.create(() -> rds.createDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(id)
                        .dbClusterIdentifier(plan.sourceClusterIdentifier())
                        .tags(ownershipTags(plan))), DbClusterSnapshotAlreadyExistsException.class,
                () -> lookup.clusterSnapshot(id).map(s -> OwnershipTags.ownedBy(s.tagList(), plan.sourceClusterIdentifier()))
                        .orElse(false));
        LOG.info("creating snapshot {} of {}", id, plan.sourceClusterIdentifier());
        return outcome(StepOutcome.CREATED, id, "snapshot of " + plan.sourceClusterIdentifier(), startedAt);
    }
}
