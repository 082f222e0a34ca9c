package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/** Reboots blue's writer so the replication parameter applies; only reached when the input allows it. */
public class RebootWriterInstance extends BlueGreenStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "rebootWriter";
    private static final Logger LOG = LoggerFactory.getLogger(RebootWriterInstance.class);

    public RebootWriterInstance() {
        this(AwsClients.rds());
    }

    public RebootWriterInstance(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        String writer = plan.writerInstanceIdentifier();
        var instance = lookup.instance(writer).orElseThrow(() -> new ResourceFailedException(
                "writer instance '" + writer + "' does not exist"));
        if (ResourceStatus.REBOOTING.equals(instance.dbInstanceStatus())) {
            return outcome(StepOutcome.REUSED, writer, "already rebooting", startedAt);
        }
        RdsCalls.change(() -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier(writer)), InvalidDbInstanceStateException.class,
                () -> lookup.instance(writer).map(i -> ResourceStatus.REBOOTING.equals(i.dbInstanceStatus())).orElse(false));
        LOG.info("rebooting writer {} of {} to apply {}", writer, plan.clusterIdentifier(), plan.replicationParameter());
        return outcome(StepOutcome.MODIFIED, writer, "rebooted to apply "
                + plan.replicationParameter(), startedAt);
    }
}
