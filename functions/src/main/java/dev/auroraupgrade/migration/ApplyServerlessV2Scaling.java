package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ServerlessV2Capacity;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfiguration;

/** Step 5: the capacity range, which must exist before any instance becomes db.serverless. */
public class ApplyServerlessV2Scaling extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "scaling";
    private static final Logger LOG = LoggerFactory.getLogger(ApplyServerlessV2Scaling.class);

    public ApplyServerlessV2Scaling() {
        this(AwsClients.rds());
    }

    public ApplyServerlessV2Scaling(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        DBCluster cluster = targetCluster(plan);
        String range = ServerlessV2Capacity.fmt(plan.minCapacity()) + "-" + ServerlessV2Capacity.fmt(plan.maxCapacity()) + " ACU";
        if (matches(cluster.serverlessV2ScalingConfiguration(), plan)) {
            return outcome(StepOutcome.SKIPPED, cluster.dbClusterIdentifier(), "already " + range, startedAt);
        }
        var config = ServerlessV2ScalingConfiguration.builder()
                .minCapacity(plan.minCapacity())
                .maxCapacity(plan.maxCapacity())
                .secondsUntilAutoPause(plan.secondsUntilAutoPause())
                .build();
        RdsCalls.change(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(cluster.dbClusterIdentifier())
                        .serverlessV2ScalingConfiguration(config)
                        .applyImmediately(true)), InvalidDbClusterStateException.class,
                () -> lookup.cluster(cluster.dbClusterIdentifier()).map(c -> matches(c.serverlessV2ScalingConfiguration(), plan))
                        .orElse(false));
        LOG.info("scaling range of {} set to {}", cluster.dbClusterIdentifier(), range);
        return outcome(StepOutcome.MODIFIED, cluster.dbClusterIdentifier(), range, startedAt);
    }

    static boolean matches(software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfigurationInfo current,
                           MigrationPlan plan) {
        return current != null
                && current.minCapacity() != null && current.minCapacity() == plan.minCapacity()
                && current.maxCapacity() != null && current.maxCapacity() == plan.maxCapacity()
                && (plan.secondsUntilAutoPause() == null
                    || Objects.equals(current.secondsUntilAutoPause(), plan.secondsUntilAutoPause()));
    }
}
