package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.AwsErrors;
import dev.auroraupgrade.errors.OrchestratorException;
import dev.auroraupgrade.errors.TransientAwsException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A workflow's first step: reads the execution input strictly (unknown fields and wrong types are named
 * errors), checks everything it can and returns the plan every later step follows. It only reads.
 * With {@code "dryRun": true} it returns a {@link PlanReport} instead, also for a cluster it would refuse, and the
 * workflow ends there.
 */
public abstract class Preflight<I, P> extends JsonHandler<PreflightRequest, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
    private final Class<I> inputType;
    private final WorkflowKind workflow;

    protected Preflight(Class<I> inputType, WorkflowKind workflow) {
        super(PreflightRequest.class);
        this.inputType = inputType;
        this.workflow = workflow;
    }

    @Override
    protected final Object handle(PreflightRequest request, Context context) {
        Instant started = Instant.now();
        if (request.input() == null || !request.input().isObject()) {
            throw new InvalidInputException("input", "is required: the execution input must be a JSON object");
        }
        ObjectNode input = ((ObjectNode) request.input()).deepCopy();
        JsonNode dryRun = input.remove(PlanReport.DRY_RUN);
        if (dryRun != null && !dryRun.isBoolean() && !dryRun.isNull()) {
            throw new InvalidInputException(PlanReport.DRY_RUN, "must be true or false");
        }
        if (dryRun == null || !dryRun.asBoolean()) {
            P plan = plan(Json.read(input, inputType), request.executionName(), started);
            // What the dry run would report as a blocker, a real run refuses here, before any change.
            refuseBlocked(plan);
            return plan;
        }
        P plan;
        try {
            plan = plan(Json.read(input, inputType), request.executionName(), started);
        } catch (SdkException e) {
            return blockedOrRetried(input, AwsErrors.translate(e));
        } catch (OrchestratorException refusal) {
            return blockedOrRetried(input, refusal);
        }
        return PlanReport.planned(workflow.id(), effects(plan), plan);
    }

    /** A refusal is the dry run's answer; a transient AWS error is not a blocker, so the state machine retries it. */
    private PlanReport blockedOrRetried(ObjectNode input, OrchestratorException refusal) {
        if (refusal instanceof TransientAwsException) {
            throw refusal;
        }
        LOG.info("dry run of {}: the run would be refused: {}", workflow, refusal.getMessage());
        return PlanReport.blocked(workflow.id(), input.path(workflow.clusterField()).asText(null), refusal);
    }

    protected abstract P plan(I input, String executionName, Instant startedAt);

    /**
     * Throws the named error of what the plan shows would stop the run after a change (its dry-run blockers);
     * nothing by default.
     */
    protected void refuseBlocked(P plan) {
    }

    /** What the plan would do, for a dry run's report. */
    protected abstract PlanReport.Effects effects(P plan);
}
