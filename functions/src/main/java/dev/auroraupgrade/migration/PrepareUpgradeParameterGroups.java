package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.ParameterCarryOver;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;

/**
 * Before a major upgrade of a target whose source had custom parameter groups: target-family cluster and instance
 * groups carrying the source's custom settings (what the new family refuses is named), which the upgrade then
 * uses. SKIPPED when there is nothing custom to carry or the input names the groups.
 */
public class PrepareUpgradeParameterGroups extends MigrationStep {
    /** The key of this step in the execution state and in the output's timeline. */
    public static final String STEP = "upgradeParameterGroups";

    public PrepareUpgradeParameterGroups() {
        this(AwsClients.rds());
    }

    public PrepareUpgradeParameterGroups(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        if (!plan.createTargetClusterParameterGroup() && !plan.createTargetInstanceParameterGroup()) {
            return outcome(StepOutcome.SKIPPED, plan.dbClusterParameterGroupName(), plan.dbClusterParameterGroupName() == null
                    ? "no custom parameter groups to carry" : "using " + plan.dbClusterParameterGroupName(), startedAt);
        }
        String family = EngineVersion.parse("targetEngineVersion", plan.engine(), plan.targetEngineVersion())
                .parameterGroupFamily();
        String description = "Custom settings of " + plan.sourceClusterIdentifier() + " carried into " + family;
        List<String> done = new ArrayList<>();
        String action = StepOutcome.REUSED;
        if (plan.createTargetClusterParameterGroup()) {
            String group = plan.dbClusterParameterGroupName();
            ParameterGroups.requireAbsentOrOwned(rds, group, true, plan.sourceClusterIdentifier());
            if (lookup.clusterParameterGroup(group).isEmpty()) {
                RdsCalls.create(() -> rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                        .dbParameterGroupFamily(family).description(description).tags(ownershipTags(plan))),
                        DbParameterGroupAlreadyExistsException.class,
                        () -> ParameterGroups.owned(rds, group, true, plan.sourceClusterIdentifier()));
                action = StepOutcome.CREATED;
            }
            done.add(ParameterCarryOver.clusterParameters(rds, plan.sourceClusterParameterGroup(), group, null).summary(group));
        }
        if (plan.createTargetInstanceParameterGroup()) {
            String group = plan.dbInstanceParameterGroupName();
            ParameterGroups.requireAbsentOrOwned(rds, group, false, plan.sourceClusterIdentifier());
            if (lookup.instanceParameterGroup(group).isEmpty()) {
                RdsCalls.create(() -> rds.createDBParameterGroup(r -> r.dbParameterGroupName(group)
                        .dbParameterGroupFamily(family).description(description).tags(ownershipTags(plan))),
                        DbParameterGroupAlreadyExistsException.class,
                        () -> ParameterGroups.owned(rds, group, false, plan.sourceClusterIdentifier()));
                action = StepOutcome.CREATED;
            }
            done.add(ParameterCarryOver.instanceParameters(rds, plan.sourceInstanceParameterGroup(), group).summary(group));
        }
        return outcome(action, plan.dbClusterParameterGroupName(), String.join("; ", done), startedAt);
    }
}
