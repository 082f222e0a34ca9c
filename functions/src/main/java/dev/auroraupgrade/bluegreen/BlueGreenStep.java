package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the Blue/Green workflow. */
public abstract class BlueGreenStep extends ActionStep<BlueGreenPlan> {
    protected BlueGreenStep(RdsClient rds, String step) {
        super(BlueGreenPlan.class, rds, PreflightBlueGreen.WORKFLOW, step);
    }

    protected List<Tag> ownershipTags(BlueGreenPlan plan) {
        return ownershipTags(plan.clusterIdentifier(), plan.executionName());
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
