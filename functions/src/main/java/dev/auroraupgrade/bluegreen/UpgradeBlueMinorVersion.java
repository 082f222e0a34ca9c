package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * Blue/Green step 2, only when the plan names {@code minorUpgradeFirst} (RDS has no direct path from blue's version
 * to the target, and the input allowed the hop): upgrades blue in place to that minor of its own major. SKIPPED
 * otherwise, and when blue already runs it.
 */
public class UpgradeBlueMinorVersion extends BlueGreenStep {
    /** The key of this step in the execution state and in the output's timeline. */
    public static final String STEP = "minorUpgrade";
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeBlueMinorVersion.class);

    public UpgradeBlueMinorVersion() {
        this(AwsClients.rds());
    }

    public UpgradeBlueMinorVersion(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        String id = plan.clusterIdentifier();
        String minor = plan.minorUpgradeFirst();
        if (minor == null) {
            return outcome(StepOutcome.SKIPPED, id, "RDS upgrades " + plan.currentEngineVersion() + " to "
                    + plan.targetEngineVersion() + " directly", startedAt);
        }
        DBCluster blue = lookup.cluster(id).orElseThrow(() ->
                new SourceClusterNotFoundException("cluster '" + id + "' disappeared"));
        if (minor.equals(blue.engineVersion())) {
            return outcome(StepOutcome.SKIPPED, id, "already at " + minor, startedAt);
        }
        String pending = blue.pendingModifiedValues() == null ? null : blue.pendingModifiedValues().engineVersion();
        if (ResourceStatus.UPGRADING.equals(blue.status()) || minor.equals(pending)) {
            return outcome(StepOutcome.REUSED, id, "minor upgrade to " + minor + " already under way", startedAt);
        }
        // A minor upgrade: AllowMajorVersionUpgrade stays false, so RDS refuses anything else (RDS API reference,
        // ModifyDBCluster); applied now, not in the maintenance window, since the run waits for it.
        RdsCalls.change(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).engineVersion(minor)
                        .allowMajorVersionUpgrade(false).applyImmediately(true)), InvalidDbClusterStateException.class,
                () -> lookup.cluster(id).map(c -> minor.equals(c.engineVersion()) || ResourceStatus.UPGRADING.equals(c.status())
                        || (c.pendingModifiedValues() != null && minor.equals(c.pendingModifiedValues().engineVersion())))
                        .orElse(false));
        LOG.info("minor upgrade of blue {} from {} to {} before the Blue/Green deployment to {}", id,
                blue.engineVersion(), minor, plan.targetEngineVersion());
        return outcome(StepOutcome.MODIFIED, id, "from " + blue.engineVersion() + " to " + minor + " (RDS has no direct "
                + "upgrade to " + plan.targetEngineVersion() + " from " + plan.currentEngineVersion() + ")", startedAt);
    }
}
