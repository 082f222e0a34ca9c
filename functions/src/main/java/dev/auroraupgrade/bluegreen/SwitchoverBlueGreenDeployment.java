package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidBlueGreenDeploymentStateException;

/** Blue/Green step 7: starts the switchover with the input's timeout (RDS rolls back if it runs over). */
public class SwitchoverBlueGreenDeployment extends BlueGreenStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "switchover";
    private static final Logger LOG = LoggerFactory.getLogger(SwitchoverBlueGreenDeployment.class);

    public SwitchoverBlueGreenDeployment() {
        this(AwsClients.rds());
    }

    public SwitchoverBlueGreenDeployment(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        var d = deployment(plan);
        String id = d.blueGreenDeploymentIdentifier();
        if (ResourceStatus.switchoverStarted(d.status())) {
            return outcome(StepOutcome.REUSED, id, "switchover already " + d.status(), startedAt);
        }
        RdsCalls.change(() -> rds.switchoverBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(id)
                        .switchoverTimeout(plan.switchoverTimeoutSeconds())), InvalidBlueGreenDeploymentStateException.class,
                () -> lookup.blueGreenByName(plan.deploymentName()).map(x -> ResourceStatus.switchoverStarted(x.status()))
                        .orElse(false));
        LOG.info("switching over {} ({}), timeout {} s", plan.deploymentName(), id, plan.switchoverTimeoutSeconds());
        return outcome(StepOutcome.MODIFIED, id, "switchover requested, timeout "
                + plan.switchoverTimeoutSeconds() + " s", startedAt);
    }
}
