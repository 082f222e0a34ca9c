package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * Blue/Green step 3: for a major upgrade with no group named in the input, a custom target-family group with
 * the same replication setting, so that green can be the next blue.
 */
public class PrepareTargetParameterGroup extends BlueGreenStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "targetParameterGroup";
    public PrepareTargetParameterGroup() {
        this(AwsClients.rds());
    }

    public PrepareTargetParameterGroup(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        String group = plan.targetParameterGroup();
        if (!plan.createTargetParameterGroup()) {
            return outcome(StepOutcome.SKIPPED, group, group == null
                    ? "green keeps blue's parameter group" : "using " + group + " from the input", startedAt);
        }
        String action = StepOutcome.REUSED;
        if (lookup.clusterParameterGroup(group).isEmpty()) {
            String family = EngineVersion.parse("targetEngineVersion", plan.engine(), plan.targetEngineVersion())
                    .parameterGroupFamily();
            RdsCalls.create(() -> rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily(family)
                    .description("Target-family group with replication for Blue/Green of " + plan.clusterIdentifier())
                    .tags(ownershipTags(plan))), DbParameterGroupAlreadyExistsException.class, () -> ownedGroup(group, plan));
            action = StepOutcome.CREATED;
        }
        if (!plan.replicationValue().equals(lookup.clusterParameter(group, plan.replicationParameter()))) {
            rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(Parameter.builder()
                    .parameterName(plan.replicationParameter()).parameterValue(plan.replicationValue())
                    .applyMethod(ApplyMethod.PENDING_REBOOT).build()));
        }
        return outcome(action, group, plan.replicationParameter() + "="
                + plan.replicationValue(), startedAt);
    }
}
