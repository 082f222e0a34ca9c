package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Rehearsal step 7: deletes the clone's writer and the clone, without a final snapshot. WAITING while RDS cannot
 * delete the cluster yet; the state machine waits and tries again, within its bounds.
 */
public class DeleteRehearsalClone extends RehearsalStep {
    public static final String STEP = "cleanup";

    public DeleteRehearsalClone() {
        this(AwsClients.rds());
    }

    public DeleteRehearsalClone(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(RehearsalPlan plan, Instant startedAt) {
        CloneCleanup.Pass pass = CloneCleanup.run(rds, plan.clusterIdentifier(), plan.cloneIdentifier());
        String instances = String.join(",", pass.instancesDeleting());
        if (pass.gone()) {
            return outcome(StepOutcome.SKIPPED, plan.cloneIdentifier(), "the clone is already gone", startedAt);
        }
        if (pass.waitingFor() != null) {
            return outcome(StepOutcome.WAITING, instances.isEmpty() ? plan.cloneInstanceIdentifier() : instances,
                    pass.waitingFor(), startedAt);
        }
        return outcome(StepOutcome.DELETED, plan.cloneIdentifier(), "clone and writer " + (instances.isEmpty()
                ? "(none left)" : instances) + " deleting, no final snapshot", startedAt);
    }
}
