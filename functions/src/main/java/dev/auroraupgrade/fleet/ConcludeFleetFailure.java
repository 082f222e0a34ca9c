package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.workflow.FailureHandler;

/**
 * The fleet's failure tail (a refused fleet input, or a step of the fleet itself failing): names the error and
 * says whether clusters had started; their child executions carry the run's tag and keep running to their end.
 */
public class ConcludeFleetFailure extends FailureHandler {
    @Override
    protected String workflow() {
        return dev.auroraupgrade.common.RunMetrics.FLEET;
    }

    @Override
    protected Conclusion conclude(String error, JsonNode state) {
        JsonNode plan = state.path("plan");
        if (!plan.has("childNamePrefix")) {
            return Conclusion.of("No cluster was started: the fleet was refused before its first child.");
        }
        return Conclusion.of("Clusters may have started: their executions of " + plan.path("stateMachineArn").asText()
                + " are named '" + plan.path("childNamePrefix").asText() + "-<cluster>' and run to their own end. "
                + "Start the fleet again with fleetRunId '" + plan.path("fleetRunId").asText() + "' to resume: finished "
                + "clusters are not run again.");
    }
}
