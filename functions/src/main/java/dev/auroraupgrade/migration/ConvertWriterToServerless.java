package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/** Step 6: switches the writer to db.serverless, once the cluster has its capacity range. */
public class ConvertWriterToServerless extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "serverlessWriter";
    private static final Logger LOG = LoggerFactory.getLogger(ConvertWriterToServerless.class);

    public ConvertWriterToServerless() {
        this(AwsClients.rds());
    }

    public ConvertWriterToServerless(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        String id = plan.writerInstanceIdentifier();
        DBInstance writer = lookup.instance(id).orElseThrow(() -> new ResourceFailedException(
                "writer instance '" + id + "' does not exist (deleted outside this workflow?)"));
        if (InstanceClasses.SERVERLESS.equals(writer.dbInstanceClass())) {
            return outcome(StepOutcome.SKIPPED, id, "already db.serverless", startedAt);
        }
        // RDS refuses db.serverless without a scaling range (InvalidDBClusterStateFault); the emulator does not.
        if (targetCluster(plan).serverlessV2ScalingConfiguration() == null) {
            throw new ResourceFailedException("cluster '" + plan.targetClusterIdentifier()
                    + "' has no ServerlessV2ScalingConfiguration; the writer cannot become db.serverless");
        }
        RdsCalls.change(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier(id)
                        .dbInstanceClass(InstanceClasses.SERVERLESS)
                        .applyImmediately(true)), InvalidDbInstanceStateException.class,
                () -> lookup.instance(id).map(i -> InstanceClasses.SERVERLESS.equals(i.dbInstanceClass())
                        || (i.pendingModifiedValues() != null
                            && InstanceClasses.SERVERLESS.equals(i.pendingModifiedValues().dbInstanceClass()))).orElse(false));
        LOG.info("writer {} changing from {} to db.serverless", id, writer.dbInstanceClass());
        return outcome(StepOutcome.MODIFIED, id, "from " + writer.dbInstanceClass()
                + " to db.serverless", startedAt);
    }
}
