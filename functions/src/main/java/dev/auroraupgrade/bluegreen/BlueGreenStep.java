package dev.auroraupgrade.bluegreen;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the Blue/Green workflow: takes the plan, changes one thing (or finds it done). */
public abstract class BlueGreenStep extends JsonHandler<BlueGreenStepRequest, StepOutcome> {
    protected final RdsClient rds;
    protected final RdsLookup lookup;

    protected BlueGreenStep(RdsClient rds) {
        super(BlueGreenStepRequest.class);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected final StepOutcome handle(BlueGreenStepRequest request, Context context) {
        if (request.plan() == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightBlueGreen)");
        }
        return run(request.plan(), Instant.now());
    }

    protected abstract StepOutcome run(BlueGreenPlan plan, Instant startedAt);

    protected static List<Tag> ownershipTags(BlueGreenPlan plan) {
        return OwnershipTags.of(PreflightBlueGreen.WORKFLOW, plan.clusterIdentifier(), plan.executionName());
    }

    protected BlueGreenDeployment deployment(BlueGreenPlan plan) {
        return lookup.blueGreenByName(plan.deploymentName()).orElseThrow(() -> new ResourceFailedException(
                "Blue/Green deployment '" + plan.deploymentName() + "' does not exist (deleted outside this workflow?)"));
    }

    /** The last part of an RDS ARN: the resource's identifier. */
    static String idOf(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
    }
}
