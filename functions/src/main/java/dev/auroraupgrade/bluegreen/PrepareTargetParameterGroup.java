package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.BlueGreenRules;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.ParameterCarryOver;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ReplicationSettings;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;

/**
 * Blue/Green step 3, for a major upgrade: a target-family cluster group (unless the input names one) with blue's
 * custom settings and the replication setting, so that green can be the next blue; and, when blue's writer has a
 * custom instance group, a target-family instance group with its settings. What the new family refuses is named.
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
        if (!plan.createTargetParameterGroup() && !plan.createTargetInstanceParameterGroup()) {
            return outcome(StepOutcome.SKIPPED, group, group == null
                    ? "green keeps blue's parameter group" : "using " + group + " from the input", startedAt);
        }
        String family = EngineVersion.parse("targetEngineVersion", plan.engine(), plan.targetEngineVersion())
                .parameterGroupFamily();
        List<String> done = new ArrayList<>();
        String action = StepOutcome.REUSED;
        if (plan.createTargetParameterGroup()) {
            ParameterGroups.requireAbsentOrOwned(rds, group, true, plan.clusterIdentifier());
            if (lookup.clusterParameterGroup(group).isEmpty()) {
                RdsCalls.create(() -> rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                        .dbParameterGroupFamily(family)
                        .description("Green group with replication for Blue/Green of " + plan.clusterIdentifier())
                        .tags(ownershipTags(plan))), DbParameterGroupAlreadyExistsException.class, () -> ParameterGroups.owned(rds, group, true, plan.clusterIdentifier()));
                action = StepOutcome.CREATED;
            }
            // Blue's own settings come along (blue runs the replication group by now), except what the family refuses.
            if (!plan.replicationParameterGroup().startsWith("default.")) {
                done.add(ParameterCarryOver.clusterParameters(rds, plan.replicationParameterGroup(), group,
                        plan.replicationParameter()).summary(group));
            }
            if (plan.eventSchedulerOnBlue()) {
                rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                        .parameterName(BlueGreenRules.EVENT_SCHEDULER).parameterValue("OFF").applyMethod(ApplyMethod.IMMEDIATE)));
                done.add("event_scheduler OFF in " + group + " until the switchover (Aurora blue/green limitations)");
            }
            // Green replicates too (PostgreSQL: it is the subscriber), and becomes the next blue.
            List<ReplicationSettings.Change> set = ReplicationSettings.apply(rds, group, plan.replicationSettings());
            done.add(set.isEmpty() ? "replication settings met in " + group
                    : "set " + String.join(", ", set.stream().map(Object::toString).toList()) + " in " + group);
        }
        if (plan.createTargetInstanceParameterGroup()) {
            String instanceGroup = plan.targetInstanceParameterGroup();
            ParameterGroups.requireAbsentOrOwned(rds, instanceGroup, false, plan.clusterIdentifier());
            if (lookup.instanceParameterGroup(instanceGroup).isEmpty()) {
                RdsCalls.create(() -> rds.createDBParameterGroup(r -> r.dbParameterGroupName(instanceGroup)
                        .dbParameterGroupFamily(family)
                        .description("Target-family instance group for Blue/Green of " + plan.clusterIdentifier())
                        .tags(ownershipTags(plan))), DbParameterGroupAlreadyExistsException.class,
                        () -> ParameterGroups.owned(rds, instanceGroup, false, plan.clusterIdentifier()));
                action = StepOutcome.CREATED;
            }
            done.add(ParameterCarryOver.instanceParameters(rds, plan.blueInstanceParameterGroup(), instanceGroup)
                    .summary(instanceGroup));
        }
        return outcome(action, group, String.join("; ", done), startedAt);
    }
}
