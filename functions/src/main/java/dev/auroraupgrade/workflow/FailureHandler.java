package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.FailureText;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.common.RunMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every workflow's failure tail: turns a caught error and the execution state into the final Error (the simple
 * name) and a Cause that leads with what happened, then says what stands in AWS.
 */
public abstract class FailureHandler extends JsonHandler<FailureRequest, FailureReport> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    /** What stands after the failure: sentences for the Cause, and what the run created or deleted. */
    public record Conclusion(List<String> sentences, List<String> created, List<String> deleted) {
        public static Conclusion of(String... sentences) {
            return new Conclusion(List.of(sentences), List.of(), List.of());
        }
    }

    protected FailureHandler() {
        super(FailureRequest.class);
    }

    @Override
    protected final FailureReport handle(FailureRequest request, Context context) {
        JsonNode state = request.state() == null ? Json.MAPPER.createObjectNode() : request.state();
        String caught = request.cause() != null ? request.cause() : state.path("failure").path("Cause").asText(null);
        String[] failure = unwrap(request.error(), caught);
        String error = FailureText.errorName(failure[0]);
        Conclusion c = conclude(error, state);
        String cause = FailureText.causeMessage(failure[1]) + " | " + String.join(" | ", c.sentences());
        LOG.error("execution failed: {}: {}", error, cause);
        try {
            metrics(error, state);
        } catch (RuntimeException e) {
            LOG.warn("failure metrics not published: {}", e.toString()); // the report matters more
        }
        return new FailureReport(error, cause, c.created(), c.deleted());
    }

    /** The workflow's name in metrics (a {@link WorkflowKind} id, or {@link RunMetrics#FLEET}). */
    protected abstract String workflow();

    /**
     * The execution's raw input as the failure tail gets it: the state itself, or its "input" where the state machine
     * read something before the pre-flight (Workflow.preflightAfterReads keeps the raw input there, beside "reads").
     */
    protected static JsonNode executionInput(JsonNode state) {
        return state.path("input").isObject() && state.has("reads") ? state.get("input") : state;
    }

    /** Failed by error name, and the durations of the steps that ran before the failure. */
    private void metrics(String error, JsonNode state) {
        JsonNode plan = state.path("plan");
        // The plan's, or before there is one (a refusal) the execution input's: the state then, or its "input" where
        // the state machine read something first (Workflow.preflightAfterReads keeps the raw input there).
        JsonNode named = plan.isObject() ? plan : executionInput(state);
        String cluster = named.hasNonNull("clusterIdentifier") ? named.get("clusterIdentifier").asText()
                : named.path("sourceClusterIdentifier").asText(null);
        RunMetrics.count(workflow(), cluster, "Failed", error);
        JsonNode steps = state.path("steps");
        if (steps.isObject() && plan.hasNonNull("preflightStartedAt")) {
            Map<String, StepRecord> records = new LinkedHashMap<>();
            steps.fields().forEachRemaining(e -> {
                try {
                    records.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), StepRecord.class));
                } catch (IllegalArgumentException notAStep) {
                    // a step the state keeps in another shape is left out
                }
            });
            List<StepTiming> timeline = StepTiming.timeline(plan.get("preflightStartedAt").asText(),
                    plan.path("preflightCompletedAt").asText(null), "", records, "failure", Instant.now(), error);
            // The last entry is this failure tail itself, not a step of the run.
            RunMetrics.steps(workflow(), cluster, timeline.subList(0, timeline.size() - 1));
        }
    }

    /** The error and cause to report; a workflow that nests executions names the nested one's here. */
    protected String[] unwrap(String error, String cause) {
        return new String[] {error, cause};
    }

    /** Looks at what stands (and, where the workflow says so, cleans up) after a failure. */
    protected abstract Conclusion conclude(String error, JsonNode state);
}
