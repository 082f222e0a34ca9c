package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * Makes a db.serverless instance the writer: FailoverDBCluster with TargetDBInstanceIdentifier (RDS API
 * reference; IAM authorizes it on the cluster only). The one interruption of the compute move: connections to
 * the writer drop while the cluster endpoint moves, typically under a minute.
 */
public class FailoverToServerless extends ComputeStep {
    public static final String STEP = "failover";
    private static final Logger LOG = LoggerFactory.getLogger(FailoverToServerless.class);

    public FailoverToServerless() {
        this(AwsClients.rds());
    }

    public FailoverToServerless(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(ComputeMove plan, Instant startedAt) {
        String writer = writer(cluster(plan));
        boolean serverlessWriter = writer != null && lookup.instance(writer)
                .map(i -> InstanceClasses.SERVERLESS.equals(i.dbInstanceClass())).orElse(false);
        if (serverlessWriter) {
            return outcome(StepOutcome.SKIPPED, writer, "the writer is already db.serverless", startedAt);
        }
        String target = plan.failoverTarget();
        RdsCalls.change(() -> rds.failoverDBCluster(r -> r.dbClusterIdentifier(plan.clusterIdentifier())
                        .targetDBInstanceIdentifier(target)), InvalidDbClusterStateException.class,
                () -> {
                    DBCluster now = cluster(plan);
                    // A retry after a lost response finds the first failover still running.
                    return target.equals(writer(now)) || "failing-over".equals(now.status());
                });
        LOG.info("failing over {} from {} to {}", plan.clusterIdentifier(), writer, target);
        return outcome(StepOutcome.MODIFIED, target, "failover from " + writer + " to " + target, startedAt);
    }

    /** How long a failover this step started took, to the check that saw the new writer; null when none ran. */
    public static Long measured(dev.auroraupgrade.workflow.StepRecord record) {
        return record == null ? null : record.measuredSeconds();
    }

    /** The failover this step made, as an interruption of the cluster's clients; null when none ran. */
    public static dev.auroraupgrade.workflow.Interruption interruption(dev.auroraupgrade.workflow.StepRecord record) {
        return record == null || record.outcome() == null ? null : dev.auroraupgrade.workflow.Interruption.of(STEP,
                "failover to " + record.outcome().resourceIdentifier() + " (writes pause while the writer moves)",
                record.outcome(), record.poll(), record.outcome().resourceIdentifier() + " the writer");
    }

    static String writer(DBCluster cluster) {
        return RdsLookup.writerOf(cluster);
    }
}
