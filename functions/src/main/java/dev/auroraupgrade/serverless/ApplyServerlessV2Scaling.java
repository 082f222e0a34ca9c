package dev.auroraupgrade.serverless;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ServerlessV2Capacity;
import dev.auroraupgrade.workflow.ActionStep;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfiguration;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfigurationInfo;

/**
 * The capacity range, which a cluster must have before any instance becomes (or is added as) db.serverless.
 * Shared by the migration (on its restored cluster) and the in-place route (on the live cluster).
 */
public class ApplyServerlessV2Scaling extends ActionStep<ScalingRange> {
    /** The key of this step in the execution state and in the output's timeline. */
    public static final String STEP = "scaling";
    private static final Logger LOG = LoggerFactory.getLogger(ApplyServerlessV2Scaling.class);

    public ApplyServerlessV2Scaling() {
        this(AwsClients.rds());
    }

    public ApplyServerlessV2Scaling(RdsClient rds) {
        // Creates nothing, so the workflow named for ownership tags is never used.
        super(ScalingRange.class, rds, "serverless-v2", STEP);
    }

    @Override
    protected StepOutcome run(ScalingRange range, Instant startedAt) {
        String id = range.clusterIdentifier();
        DBCluster cluster = lookup.cluster(id).orElseThrow(() -> new ResourceFailedException(
                "cluster '" + id + "' does not exist (deleted outside this workflow?)"));
        String text = ServerlessV2Capacity.fmt(range.minCapacity()) + "-" + ServerlessV2Capacity.fmt(range.maxCapacity()) + " ACU";
        if (matches(cluster.serverlessV2ScalingConfiguration(), range)) {
            return outcome(StepOutcome.SKIPPED, id, "already " + text, startedAt);
        }
        var config = ServerlessV2ScalingConfiguration.builder()
                .minCapacity(range.minCapacity())
                .maxCapacity(range.maxCapacity())
                .secondsUntilAutoPause(range.secondsUntilAutoPause())
                .build();
        RdsCalls.change(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(id)
                        .serverlessV2ScalingConfiguration(config)
                        .applyImmediately(true)), InvalidDbClusterStateException.class,
                () -> lookup.cluster(id).map(c -> matches(c.serverlessV2ScalingConfiguration(), range)).orElse(false));
        LOG.info("scaling range of {} set to {}", id, text);
        return outcome(StepOutcome.MODIFIED, id, text, startedAt);
    }

    /** Whether a cluster's scaling configuration is the range asked for. */
    public static boolean matches(ServerlessV2ScalingConfigurationInfo current, ScalingRange range) {
        return current != null
                && current.minCapacity() != null && current.minCapacity() == range.minCapacity()
                && current.maxCapacity() != null && current.maxCapacity() == range.maxCapacity()
                && (range.secondsUntilAutoPause() == null
                    || Objects.equals(current.secondsUntilAutoPause(), range.secondsUntilAutoPause()));
    }
}
