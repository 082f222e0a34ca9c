package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * In-place step 2, only for a true Serverless v1 cluster and only with allowEngineModeConversion: converts it to
 * provisioned in place. Aurora User Guide, "Converting an Aurora Serverless v1 DB cluster to provisioned": the
 * conversion must be the only change in its ModifyDBCluster call, applies immediately and cannot be undone; AWS
 * takes a snapshot first and adds a provisioned writer. The guide lists DBClusterInstanceClass as required for this
 * call (the API reference marks the parameter "Multi-AZ DB clusters only"; the guide is specific to conversion).
 */
public class ConvertToProvisioned extends InPlaceStep {
    public static final String STEP = "engineMode";
    private static final Logger LOG = LoggerFactory.getLogger(ConvertToProvisioned.class);

    public ConvertToProvisioned() {
        this(AwsClients.rds());
    }

    public ConvertToProvisioned(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(InPlacePlan plan, Instant startedAt) {
        String id = plan.clusterIdentifier();
        if (!plan.convertEngineMode() || EngineModes.PROVISIONED.equals(cluster(plan).engineMode())) {
            return outcome(StepOutcome.SKIPPED, id, "already provisioned", startedAt);
        }
        RdsCalls.change(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).engineMode(EngineModes.PROVISIONED)
                        .allowEngineModeChange(true).dbClusterInstanceClass(plan.conversionInstanceClass())), InvalidDbClusterStateException.class,
                () -> EngineModes.PROVISIONED.equals(cluster(plan).engineMode()));
        LOG.warn("converting Serverless v1 cluster {} to provisioned (irreversible, consented by input)", id);
        return outcome(StepOutcome.MODIFIED, id, "engine mode serverless -> provisioned with a "
                + plan.conversionInstanceClass() + " writer (irreversible; AWS took a snapshot first)", startedAt);
    }
}
