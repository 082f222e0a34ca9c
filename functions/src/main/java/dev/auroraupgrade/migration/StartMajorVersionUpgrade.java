package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/** Step 4: upgrades the restored cluster to the target version; SKIPPED when it is already there. */
public class StartMajorVersionUpgrade extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "upgrade";
    private static final Logger LOG = LoggerFactory.getLogger(StartMajorVersionUpgrade.class);

    public StartMajorVersionUpgrade() {
        this(AwsClients.rds());
    }

    public StartMajorVersionUpgrade(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        DBCluster cluster = targetCluster(plan);
        String target = plan.targetEngineVersion();
        String id = cluster.dbClusterIdentifier();
        if (target.equals(cluster.engineVersion())) {
            // No upgrade, but a cluster parameter group the input names must still be applied.
            String group = plan.dbClusterParameterGroupName();
            if (group == null || group.equals(cluster.dbClusterParameterGroup())) {
                return outcome(StepOutcome.SKIPPED, id, "already at " + target, startedAt);
            }
            RdsCalls.change(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName(group)
                    .applyImmediately(true)), InvalidDbClusterStateException.class, () -> lookup.cluster(id)
                    .map(c -> group.equals(c.dbClusterParameterGroup())).orElse(false));
            return outcome(StepOutcome.MODIFIED, id, "already at " + target + "; cluster parameter group " + group, startedAt);
        }
        String pending = cluster.pendingModifiedValues() == null ? null : cluster.pendingModifiedValues().engineVersion();
        if (ResourceStatus.UPGRADING.equals(cluster.status()) || target.equals(pending)) {
            return outcome(StepOutcome.REUSED, id, "upgrade to " + target
                    + " already under way (started by an earlier run)", startedAt);
        }
        var b = ModifyDbClusterRequest.builder()
                .dbClusterIdentifier(id)
                .engineVersion(target)
                .allowMajorVersionUpgrade(plan.majorVersionUpgrade())
                .applyImmediately(true);
        if (plan.dbClusterParameterGroupName() != null) {
            b.dbClusterParameterGroupName(plan.dbClusterParameterGroupName());
        }
        if (plan.dbInstanceParameterGroupName() != null && plan.majorVersionUpgrade()) {
            b.dbInstanceParameterGroupName(plan.dbInstanceParameterGroupName());
        }
        RdsCalls.change(() -> rds.modifyDBCluster(b.build()), InvalidDbClusterStateException.class, () -> lookup.cluster(id)
                .map(c -> target.equals(c.engineVersion()) || ResourceStatus.UPGRADING.equals(c.status())
                        || (c.pendingModifiedValues() != null && target.equals(c.pendingModifiedValues().engineVersion())))
                .orElse(false));
        LOG.info("upgrading {} from {} to {}", id, cluster.engineVersion(), target);
        return outcome(StepOutcome.MODIFIED, id, "from " + cluster.engineVersion() + " to " + target,
                startedAt);
    }
}
