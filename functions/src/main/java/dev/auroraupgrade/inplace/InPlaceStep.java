package dev.auroraupgrade.inplace;

import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the in-place route. */
public abstract class InPlaceStep extends ActionStep<InPlacePlan> {
    protected InPlaceStep(RdsClient rds, String step) {
        super(InPlacePlan.class, rds, PreflightInPlace.WORKFLOW, step);
    }

    protected List<Tag> ownershipTags(InPlacePlan plan) {
        return ownershipTags(plan.clusterIdentifier(), plan.executionName());
    }

    protected DBCluster cluster(InPlacePlan plan) {
        return lookup.cluster(plan.clusterIdentifier()).orElseThrow(() -> new ResourceFailedException(
                "cluster '" + plan.clusterIdentifier() + "' does not exist any more"));
    }
}
