package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/**
 * Rehearsal step 5: upgrades the clone as the real run's green is made, to the target version with the groups the
 * real run gives green (RDS API reference, ModifyDBCluster: EngineVersion, AllowMajorVersionUpgrade,
 * DBClusterParameterGroupName, DBInstanceParameterGroupName). SKIPPED when the clone already runs the target.
 */
public class UpgradeRehearsalClone extends RehearsalStep {
    public static final String STEP = "cloneUpgrade";

    public UpgradeRehearsalClone() {
        this(AwsClients.rds());
    }

    public UpgradeRehearsalClone(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(RehearsalPlan plan, Instant startedAt) {
        DBCluster clone = clone(plan).orElseThrow(() -> new ResourceFailedException("the clone '" + plan.cloneIdentifier()
                + "' does not exist (deleted outside this workflow?)"));
        String id = clone.dbClusterIdentifier();
        String target = plan.targetEngineVersion();
        if (target.equals(clone.engineVersion())) {
            return outcome(StepOutcome.SKIPPED, id, "the clone already runs " + target + " (an earlier run upgraded it)", startedAt);
        }
        String pending = clone.pendingModifiedValues() == null ? null : clone.pendingModifiedValues().engineVersion();
        if (ResourceStatus.UPGRADING.equals(clone.status()) || target.equals(pending)) {
            return outcome(StepOutcome.REUSED, id, "the upgrade to " + target + " is under way (started by an earlier run)", startedAt);
        }
        var b = ModifyDbClusterRequest.builder().dbClusterIdentifier(id).engineVersion(target)
                .allowMajorVersionUpgrade(plan.majorVersionUpgrade()).applyImmediately(true);
        if (plan.targetParameterGroup() != null) {
            b.dbClusterParameterGroupName(plan.targetParameterGroup());
        }
        // DBInstanceParameterGroupName is only valid with AllowMajorVersionUpgrade (ModifyDBCluster reference).
        if (plan.majorVersionUpgrade() && plan.targetInstanceParameterGroup() != null) {
            b.dbInstanceParameterGroupName(plan.targetInstanceParameterGroup());
        }
        RdsCalls.change(() -> rds.modifyDBCluster(b.build()), InvalidDbClusterStateException.class, () -> lookup.cluster(id)
                .map(c -> target.equals(c.engineVersion()) || ResourceStatus.UPGRADING.equals(c.status())
                        || (c.pendingModifiedValues() != null && target.equals(c.pendingModifiedValues().engineVersion())))
                .orElse(false));
        return outcome(StepOutcome.MODIFIED, id, "from " + clone.engineVersion() + " to " + target
                + (plan.targetParameterGroup() == null ? "" : " with " + plan.targetParameterGroup()), startedAt);
    }
}
