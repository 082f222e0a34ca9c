package dev.auroraupgrade.rehearsal;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepRecord;
import dev.auroraupgrade.workflow.StepTiming;
import java.time.Instant;
import java.util.LinkedHashMap;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The last step: stores the verdict where the next run of this cluster reads it (Parameter Store,
 * {@link Rehearsals#PATH}) and answers the report, with the clone's deletion confirmed and the timeline.
 */
public class RecordRehearsal extends JsonHandler<RecordRehearsal.Request, RehearsalReport> {
    /** The plan, the judge's report and the steps. */
    public record Request(RehearsalPlan plan, RehearsalReport report, LinkedHashMap<String, StepRecord> steps) {
    }

    private final RdsLookup lookup;
    private final SsmClient ssm;

    public RecordRehearsal() {
        this(AwsClients.rds(), AwsClients.ssm());
    }

    public RecordRehearsal(RdsClient rds, SsmClient ssm) {
        super(Request.class);
        this.lookup = new RdsLookup(rds);
        this.ssm = ssm;
    }

    @Override
    protected RehearsalReport handle(Request request, Context context) {
        Instant started = Instant.now();
        RehearsalPlan plan = request.plan();
        RehearsalReport r = request.report();
        if (plan == null || r == null) {
            throw new InvalidInputException(plan == null ? "plan" : "report", "is required");
        }
        RehearsalRecord stored = Rehearsals.write(ssm, new RehearsalRecord(plan.clusterIdentifier(), r.status(), plan.engine(),
                plan.currentEngineVersion(), plan.targetEngineVersion(), Instant.now().toString(), r.failedChecks(),
                r.warnings(), r.durations(), r.volumeBytesUsed(), plan.executionName(), false));
        boolean deleted = lookup.cluster(plan.cloneIdentifier()).isEmpty();
        // Succeeded (the rehearsal ran), its verdict by status, and what the upgrade took on the clone.
        java.util.Map<String, Long> seconds = new java.util.LinkedHashMap<>();
        if (r.durations() != null) {
            seconds.put("RehearsedUpgradeSeconds", r.durations().upgradeSeconds());
            seconds.put("RehearsedCloneSeconds", r.durations().cloneSeconds());
        }
        dev.auroraupgrade.common.RunMetrics.succeeded(dev.auroraupgrade.workflow.WorkflowKind.REHEARSE.id(),
                plan.clusterIdentifier(), seconds, java.util.List.of());
        dev.auroraupgrade.common.RunMetrics.count(dev.auroraupgrade.workflow.WorkflowKind.REHEARSE.id(), plan.clusterIdentifier(),
                r.passed() ? "RehearsalPassed" : "RehearsalFailed", null);
        var steps = StepTiming.timeline(plan.preflightStartedAt(), plan.preflightCompletedAt(), "rehearsal planned",
                request.steps(), "record", started, "stored at " + plan.recordParameter()
                        + (stored.truncated() ? " (findings cut to fit; all are in this output)" : ""));
        return new RehearsalReport(r.status(), r.clusterIdentifier(), r.cloneIdentifier(), r.cloneEndpoint(),
                r.engine(), r.sourceEngineVersion(), r.targetEngineVersion(), r.cloneEngineVersion(), r.failedChecks(),
                r.warnings(), r.events(), r.logFiles(), r.durations(), r.volumeBytesUsed(), r.summary(), r.realRunBlockers(),
                r.notices(), r.iacFollowUp() != null ? r.iacFollowUp()
                        : dev.auroraupgrade.iac.IacFollowUp.rehearsal(r.clusterIdentifier(), r.cloneIdentifier()),
                deleted, plan.recordParameter(), steps, r.standing());
    }
}
