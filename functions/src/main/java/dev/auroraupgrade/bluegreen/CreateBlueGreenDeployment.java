package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.BlueGreenDeploymentAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.CreateBlueGreenDeploymentRequest;

/** Blue/Green step 4: creates the deployment (green) under its deterministic name, or finds it. */
public class CreateBlueGreenDeployment extends BlueGreenStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "createDeployment";
    private static final Logger LOG = LoggerFactory.getLogger(CreateBlueGreenDeployment.class);

    public CreateBlueGreenDeployment() {
        this(AwsClients.rds());
    }

    public CreateBlueGreenDeployment(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        var existing = lookup.blueGreenByName(plan.deploymentName());
        if (existing.isPresent()) {
            var d = existing.get();
            if (!OwnershipTags.ownedBy(d.tagList(), plan.clusterIdentifier())
                    || (!plan.clusterArn().equals(d.source()) && !ResourceStatus.switchoverRequested(d.status()))) {
                throw new ResourceConflictException("Blue/Green deployment '" + plan.deploymentName()
                        + "' exists with another source: " + d.source());
            }
            return outcome(StepOutcome.REUSED, d.blueGreenDeploymentIdentifier(),
                    "created by an earlier run (" + d.status() + "), green " + idOf(d.target()), startedAt);
        }
        var b = CreateBlueGreenDeploymentRequest.builder()
                .blueGreenDeploymentName(plan.deploymentName())
                .source(plan.clusterArn())
                .tags(ownershipTags(plan));
        if (!plan.targetEngineVersion().equals(plan.currentEngineVersion())) {
            b.targetEngineVersion(plan.targetEngineVersion());
        }
        if (plan.targetParameterGroup() != null) {
            b.targetDBClusterParameterGroupName(plan.targetParameterGroup());
        }
        if (plan.targetInstanceParameterGroup() != null) {
            b.targetDBParameterGroupName(plan.targetInstanceParameterGroup());
        }
        BlueGreenDeployment[] created = new BlueGreenDeployment[1];
        RdsCalls.create(() -> created[0] = rds.createBlueGreenDeployment(b.build()).blueGreenDeployment(),
                BlueGreenDeploymentAlreadyExistsException.class, () -> lookup.blueGreenByName(plan.deploymentName())
                        .map(x -> OwnershipTags.ownedBy(x.tagList(), plan.clusterIdentifier())).orElse(false));
        // Described again only when the create's answer was lost and its retry met the deployment.
        var d = created[0] != null ? created[0] : deployment(plan);
        LOG.info("created Blue/Green deployment {} ({}) of {} to {}", plan.deploymentName(),
                d.blueGreenDeploymentIdentifier(), plan.clusterIdentifier(), plan.targetEngineVersion());
        return outcome(StepOutcome.CREATED, d.blueGreenDeploymentIdentifier(),
                "green " + idOf(d.target()) + " at " + plan.targetEngineVersion(), startedAt);
    }
}
