package dev.auroraupgrade.inplace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.FailureText;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.FailureHandler;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The in-place failure tail: names the error (a failed nested Blue/Green execution by its own error), and says
 * what stands: the engine mode and version the cluster has now (a conversion or switchover that already ran is not
 * undone), which instance writes, and the db.serverless instances this route added (tagged), so the DBA can re-run
 * to continue or delete them.
 */
public class ConcludeInPlaceFailure extends FailureHandler {
    private final RdsLookup lookup;

    public ConcludeInPlaceFailure() {
        this(AwsClients.rds());
    }

    public ConcludeInPlaceFailure(RdsClient rds) {
        this.lookup = new RdsLookup(rds);
    }

    /** startExecution.sync:2 fails with States.TaskFailed and the child's DescribeExecution as the cause. */
    @Override
    protected String[] unwrap(String error, String cause) {
        FailureText.Failure f = FailureText.nestedFailure(error, cause);
        return f.executionArn() == null ? new String[] {f.error(), f.cause()} : new String[] {f.error(),
                "Nested Blue/Green execution " + f.executionArn() + " ended " + f.status() + ": " + f.cause()};
    }

    @Override
    protected String workflow() {
        return dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE.id();
    }

    @Override
    protected Conclusion conclude(String error, JsonNode state) {
        JsonNode plan = state.path("plan");
        String id = plan.path("clusterIdentifier").asText(null);
        if (id == null) {
            return Conclusion.of("Nothing was changed: the input was rejected before any AWS change.");
        }
        try {
            DBCluster cluster = lookup.cluster(id).orElse(null);
            if (cluster == null) {
                return Conclusion.of("Cluster '" + id + "' was not found.");
            }
            String writer = FailoverToServerless.writer(cluster);
            String writerClass = writer == null ? "none" : lookup.instance(writer).map(i -> i.dbInstanceClass()).orElse("?");
            List<String> added = new ArrayList<>();
            plan.path("serverlessInstances").forEach(n -> lookup.instance(n.asText())
                    .filter(i -> id.equals(i.dbClusterIdentifier()))
                    .ifPresent(i -> added.add(i.dbInstanceIdentifier() + " (" + i.dbInstanceStatus() + ")")));
            List<String> sentences = new ArrayList<>();
            sentences.add("Cluster '" + id + "' (" + cluster.engineMode() + ") serves at " + cluster.engineVersion()
                    + " from writer " + writer + " (" + writerClass + "), same endpoint " + cluster.endpoint()
                    + (plan.path("currentEngineVersion").asText("").equals(cluster.engineVersion())
                        ? "." : "; its upgrade from " + plan.path("currentEngineVersion").asText() + " stands.")
                    + (plan.path("convertEngineMode").asBoolean(false) && !"serverless".equals(cluster.engineMode())
                        ? " Its conversion from Serverless v1 to provisioned stands (irreversible)." : ""));
            sentences.add(added.isEmpty() ? "No db.serverless instance was added."
                    : "db.serverless instances added by this route (tagged, kept): " + String.join(", ", added)
                      + ". Re-run with the same input to continue from them, or delete them.");
            return new Conclusion(sentences, added, List.of());
        } catch (SdkException e) {
            return Conclusion.of("Could not look at cluster '" + id + "' (" + e.getMessage() + ").");
        }
    }
}
