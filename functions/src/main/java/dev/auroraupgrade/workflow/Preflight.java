package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.common.RunMetrics;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.AwsErrors;
import dev.auroraupgrade.errors.OrchestratorException;
import dev.auroraupgrade.errors.TransientAwsException;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

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
            try {
                P plan = plan(Json.read(input, inputType), request.executionName(), started, request.reads());
                // What the dry run would report as a blocker, a real run refuses here, before any change.
                refuseBlocked(plan);
                return withStanding(plan);
            } catch (SdkException e) {
                throw refused(input, AwsErrors.translate(e));
            } catch (OrchestratorException e) {
                throw refused(input, e);
            }
        }
        P plan;
        PlanReport report;
        try {
            plan = plan(Json.read(input, inputType), request.executionName(), started, request.reads());
            report = PlanReport.planned(workflow.id(), effects(plan), plan);
        } catch (SdkException e) {
            report = blockedOrRetried(input, AwsErrors.translate(e), request.reads());
        } catch (OrchestratorException refusal) {
            report = blockedOrRetried(input, refusal, request.reads());
        }
        planned(report);
        return report;
    }

    /**
     * A run's plan with the cluster's standing (engine, Extended Support now and its monthly cost, last rehearsal) as a
     * dry run would report it: the run's result carries it, so a fleet's table has the same columns for a run as for a
     * dry run without reading anything per row. The effects only read; a figure they cannot get (an AWS error) leaves
     * the cost unknown and never stops the run. Every plan record has the field {@code standing} for it.
     */
    private ObjectNode withStanding(P plan) {
        ObjectNode tree = Json.MAPPER.valueToTree(plan);
        PlanReport.Standing standing;
        try {
            PlanReport.Effects e = effects(plan);
            standing = PlanReport.Standing.of(e.engineVersionBefore(), e.extendedSupport(), tree);
        } catch (SdkException | OrchestratorException e) {
            LOG.warn("{}: the cluster's standing could not be priced, the run goes on without it: {}", workflow, e.toString());
            standing = PlanReport.Standing.of(null, null, tree);
        }
        tree.set(STANDING, Json.MAPPER.valueToTree(standing));
        return tree;
    }

    /** The plan field (every plan record's) that {@link #withStanding} fills. */
    static final String STANDING = "standing";

    /** Counts a real run's refusal by its error (a transient AWS error is retried, not refused). */
    private OrchestratorException refused(ObjectNode input, OrchestratorException e) {
        if (!(e instanceof TransientAwsException)) {
            RunMetrics.count(workflow.id(), input.path(workflow.clusterField()).asText(null), "Refused",
                    e.getClass().getSimpleName());
        }
        return e;
    }

    /** A dry run's metrics: Planned by status (PLANNED or BLOCKED), and the Extended Support cost it found. */
    private void planned(PlanReport report) {
        RunMetrics.publish(workflow.id(), report.clusterIdentifier(), m -> {
            m.addDimension(DimensionSet.of(RunMetrics.WORKFLOW, workflow.id(), "Status", report.status()));
            m.addMetric("Planned", 1, MetricUnit.COUNT);
            ExtendedSupportCost cost = report.extendedSupport();
            // An unknown figure is left out, never published as 0 (which would read as free).
            if (cost != null && cost.monthlyNow() != null) {
                m.addMetric("ExtendedSupportMonthlyNow", cost.monthlyNow(), MetricUnit.NONE);
            }
            if (cost != null && cost.monthlyAfter() != null) {
                m.addMetric("ExtendedSupportMonthlyAfter", cost.monthlyAfter(), MetricUnit.NONE);
            }
        });
    }

    /**
     * A refusal is the dry run's answer, with what the cluster costs as it stands (a fleet's table counts it, where it
     * would otherwise be unpriced); a transient AWS error is not a blocker, so the state machine retries it.
     */
    private PlanReport blockedOrRetried(ObjectNode input, OrchestratorException refusal, JsonNode reads) {
        if (refusal instanceof TransientAwsException) {
            throw refusal;
        }
        LOG.info("dry run of {}: the run would be refused: {}", workflow, refusal.getMessage());
        String id = input.path(workflow.clusterField()).isTextual() ? input.path(workflow.clusterField()).asText() : null;
        PlanReport.Standing standing = null;
        if (id != null && !id.isBlank()) {
            try {
                standing = standingOfRefused(id.toLowerCase(java.util.Locale.ROOT), reads);
            } catch (SdkException | OrchestratorException | IllegalArgumentException e) {
                LOG.warn("{}: the refused cluster's standing could not be priced: {}", workflow, e.toString());
            }
        }
        return PlanReport.blocked(workflow.id(), id, refusal, standing);
    }

    /**
     * The standing of a cluster this pre-flight refused before its plan ({@link StandingStill}), or null when it cannot
     * read it: the workflows that read clusters and their load give it.
     */
    protected PlanReport.Standing standingOfRefused(String clusterIdentifier, JsonNode reads) {
        return null;
    }

    protected abstract P plan(I input, String executionName, Instant startedAt);

    /** As above, with what the state machine read before the pre-flight ({@code reads}, null when nothing). */
    protected P plan(I input, String executionName, Instant startedAt, JsonNode reads) {
        return plan(input, executionName, startedAt);
    }

    /**
     * Throws the named error of what the plan shows would stop the run after a change (its dry-run blockers);
     * nothing by default.
     */
    protected void refuseBlocked(P plan) {
    }

    /** What the plan would do, for a dry run's report. */
    protected abstract PlanReport.Effects effects(P plan);
}
