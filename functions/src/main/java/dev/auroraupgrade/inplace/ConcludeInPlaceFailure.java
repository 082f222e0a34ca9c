package dev.auroraupgrade.inplace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.FailureText;
import dev.auroraupgrade.rds.OwnershipTags;
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

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
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
            List<String> inGreen = new ArrayList<>();
            java.util.Set<String> greens = new java.util.TreeSet<>();
            // Wherever they stand: on the cluster, or (moving green before the switchover) in green, tagged for it.
            plan.path("serverlessInstances").forEach(n -> lookup.instance(n.asText())
                    .filter(i -> id.equals(i.dbClusterIdentifier()) || OwnershipTags.ownedBy(i.tagList(), id))
                    .ifPresent(i -> {
                        String named = i.dbInstanceIdentifier() + " (" + i.dbInstanceStatus() + ")";
                        if (id.equals(i.dbClusterIdentifier())) {
                            added.add(named);
                        } else {
                            inGreen.add(named + " in green cluster " + i.dbClusterIdentifier());
                            greens.add(i.dbClusterIdentifier());
                        }
                    }));
            List<String> sentences = new ArrayList<>();
            sentences.add("Cluster '" + id + "' (" + cluster.engineMode() + ") serves at " + cluster.engineVersion()
                    + " from writer " + writer + " (" + writerClass + "), same endpoint " + cluster.endpoint()
                    + (plan.path("currentEngineVersion").asText("").equals(cluster.engineVersion())
                        ? "." : "; its upgrade from " + plan.path("currentEngineVersion").asText() + " stands.")
                    + (plan.path("convertEngineMode").asBoolean(false) && !"serverless".equals(cluster.engineMode())
                        ? " Its conversion from Serverless v1 to provisioned stands (irreversible)." : ""));
            String bills = "each bills Aurora Serverless v2 capacity (ACU-hours) while it stands, at least "
                    + plan.path("minCapacity").asText("its minimum") + " ACU"
                    + (plan.path("minCapacity").asDouble(-1) == 0.0 ? " (0 only while paused, which replication on "
                        + "the cluster prevents)" : "");
            if (!added.isEmpty()) {
                sentences.add("db.serverless instances added by this route to '" + id + "' (tagged, kept): "
                        + String.join(", ", added) + "; " + bills + ". Start the same input again to continue from them, "
                        + "or delete those that do not write: aws rds delete-db-instance --db-instance-identifier <name>.");
            }
            if (!inGreen.isEmpty()) {
                List<String> deployments = new ArrayList<>();
                lookup.blueGreenBySource(cluster.dbClusterArn()).stream()
                        .filter(d -> d.target() != null && greens.stream().anyMatch(g -> d.target().endsWith(":cluster:" + g)))
                        .forEach(d -> deployments.add(d.blueGreenDeploymentIdentifier()));
                String deployment = deployments.isEmpty() ? "<deployment>" : String.join(", ", deployments);
                sentences.add("db.serverless instances added to green by this route (tagged, kept with green; no client "
                        + "reaches them before a switchover): " + String.join(", ", inGreen) + "; " + bills + ". Start the "
                        + "same input again to finish (the switchover is tried again), or remove green and them: aws rds "
                        + "delete-blue-green-deployment --blue-green-deployment-identifier " + deployment + " --delete-target "
                        + "(turn off deletion protection on green first).");
            }
            if (added.isEmpty() && inGreen.isEmpty()) {
                sentences.add("None of the db.serverless instances this route plans (" + String.join(", ",
                        texts(plan.path("serverlessInstances"))) + ") exists now: none was added, or green was deleted "
                        + "with them.");
            }
            List<String> kept = new ArrayList<>(added);
            kept.addAll(inGreen);
            return new Conclusion(sentences, kept, List.of());
        } catch (SdkException e) {
            return Conclusion.of("Could not look at cluster '" + id + "' (" + e.getMessage() + ").");
        }
    }
}
