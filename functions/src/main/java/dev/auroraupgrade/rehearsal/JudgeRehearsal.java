package dev.auroraupgrade.rehearsal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepRecord;
import dev.auroraupgrade.workflow.StepTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * Rehearsal step 6: did the clone's upgrade pass? Passed when the clone runs the target. Otherwise RDS cancelled it
 * and the engine says why: the writer's upgrade check logs (DescribeDBLogFiles, DownloadDBLogFilePortion) and the
 * clone's events (DescribeEvents), each failed check by name with the objects it names. Also measures how long each
 * part took and the data's size. Changes nothing.
 */
public class JudgeRehearsal extends JsonHandler<JudgeRehearsal.Request, RehearsalReport> {
    private static final Logger LOG = LoggerFactory.getLogger(JudgeRehearsal.class);
    /** A log is read in portions; past this many the rest is left (the findings come first in both engines' logs). */
    static final int MAX_LOG_PORTIONS = 20;

    /** The plan, the steps so far, and the error the upgrade check ended with (null when it saw the target). */
    public record Request(RehearsalPlan plan, LinkedHashMap<String, StepRecord> steps, JsonNode upgradeFailure) {
    }

    private final RdsClient rds;
    private final RdsLookup lookup;
    private final CloudWatchClient cloudWatch;

    public JudgeRehearsal() {
        this(AwsClients.rds(), AwsClients.cloudWatch());
    }

    public JudgeRehearsal(RdsClient rds, CloudWatchClient cloudWatch) {
        super(Request.class);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.cloudWatch = cloudWatch;
    }

    @Override
    protected RehearsalReport handle(Request request, Context context) {
        RehearsalPlan plan = request.plan();
        if (plan == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightRehearsal)");
        }
        DBCluster clone = lookup.cluster(plan.cloneIdentifier()).orElseThrow(() -> new dev.auroraupgrade.errors.ResourceFailedException(
                "the clone '" + plan.cloneIdentifier() + "' does not exist (deleted outside this workflow?)"));
        boolean passed = plan.targetEngineVersion().equals(clone.engineVersion())
                && (request.upgradeFailure() == null || request.upgradeFailure().isNull());
        List<Event> events = events(plan);
        List<String> files = new ArrayList<>();
        UpgradePrechecks.Findings findings = findings(plan, files);
        List<PrecheckFinding> failed = new ArrayList<>(passed ? List.of() : findings.errors());
        if (!passed && failed.isEmpty()) {
            // No log said why: RDS's own events do (for example an instance class the target does not support).
            events.stream().map(Event::message).filter(m -> m != null && m.toLowerCase(Locale.ROOT).contains("cannot be upgraded")
                    || m != null && m.toLowerCase(Locale.ROOT).contains("fail")).forEach(m ->
                    failed.add(new PrecheckFinding("rds-event", "error", m, List.of())));
            if (failed.isEmpty()) {
                failed.add(new PrecheckFinding("upgrade", "error", request.upgradeFailure() == null ? "the clone runs "
                        + clone.engineVersion() + ", not " + plan.targetEngineVersion()
                        : request.upgradeFailure().path("Cause").asText("the upgrade did not take effect"), List.of()));
            }
        }
        RehearsalRecord.Durations durations = durations(request, events);
        Long volume = volumeBytes(plan.clusterIdentifier());
        String verdict = passed ? RehearsalRecord.PASSED : RehearsalRecord.FAILED;
        String summary = passed
                ? "the upgrade of a clone of '" + plan.clusterIdentifier() + "' to " + plan.targetEngineVersion() + " passed"
                    + (durations.upgradeSeconds() == null ? "" : ": it took " + Rehearsals.minutes(durations.upgradeSeconds())
                    + " on a copy of this data") + (findings.warnings().isEmpty() ? "" : "; " + findings.warnings().size()
                    + " warning(s) to read")
                : "the upgrade of a clone of '" + plan.clusterIdentifier() + "' to " + plan.targetEngineVersion() + " failed: "
                    + String.join("; ", failed.stream().map(f -> f.check() + (f.objects().isEmpty() ? ""
                    : " (" + String.join(", ", f.objects()) + ")")).toList());
        LOG.info("rehearsal of {} -> {}: {} ({} failed checks, {} warnings)", plan.clusterIdentifier(),
                plan.targetEngineVersion(), verdict, failed.size(), findings.warnings().size());
        List<String> notices = StepRecord.notices(plan.notices(), request.steps());
        return new RehearsalReport(verdict, plan.clusterIdentifier(), plan.cloneIdentifier(),
                passed && plan.keepCloneSeconds() > 0 ? clone.endpoint() : null, plan.engine(), plan.currentEngineVersion(),
                plan.targetEngineVersion(), clone.engineVersion(), List.copyOf(failed), findings.warnings(),
                events.stream().map(e -> e.date() + " " + e.message()).toList(), List.copyOf(files), durations, volume,
                summary, plan.realRunBlockers(), notices,
                dev.auroraupgrade.iac.IacFollowUp.rehearsal(plan.clusterIdentifier(), plan.cloneIdentifier()), null, null, null, plan.standing());
    }

    private List<Event> events(RehearsalPlan plan) {
        Instant since = Instant.parse(plan.preflightStartedAt()).minus(Duration.ofMinutes(1));
        List<Event> out = new ArrayList<>();
        rds.describeEventsPaginator(r -> r.sourceType(SourceType.DB_CLUSTER).sourceIdentifier(plan.cloneIdentifier())
                .startTime(since)).events().forEach(out::add);
        out.sort(java.util.Comparator.comparing(Event::date, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return out;
    }

    /** The writer's upgrade check logs, read whole (within a bound) and parsed. */
    private UpgradePrechecks.Findings findings(RehearsalPlan plan, List<String> files) {
        String writer = plan.cloneInstanceIdentifier();
        if (lookup.instance(writer).isEmpty()) {
            return UpgradePrechecks.Findings.none();
        }
        List<PrecheckFinding> errors = new ArrayList<>();
        List<PrecheckFinding> warnings = new ArrayList<>();
        rds.describeDBLogFilesPaginator(r -> r.dbInstanceIdentifier(writer)).describeDBLogFiles().forEach(f -> {
            if (!UpgradePrechecks.isCheckLog(plan.engine(), f.logFileName())) {
                return;
            }
            files.add(f.logFileName());
            UpgradePrechecks.Findings found = UpgradePrechecks.read(plan.engine(), download(writer, f.logFileName()));
            errors.addAll(found.errors());
            warnings.addAll(found.warnings());
        });
        return new UpgradePrechecks.Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    private String download(String instance, String file) {
        StringBuilder text = new StringBuilder();
        String marker = "0";
        for (int i = 0; i < MAX_LOG_PORTIONS; i++) {
            String from = marker;
            var portion = rds.downloadDBLogFilePortion(r -> r.dbInstanceIdentifier(instance).logFileName(file).marker(from));
            if (portion.logFileData() != null) {
                text.append(portion.logFileData());
            }
            if (!Boolean.TRUE.equals(portion.additionalDataPending()) || portion.marker() == null) {
                break;
            }
            marker = portion.marker();
        }
        return text.toString();
    }

    /**
     * Clone and writer: from the step's request to the check that saw it ready (within one poll interval). The
     * upgrade: between RDS's own events where it gives both ends, else as the others.
     */
    private static RehearsalRecord.Durations durations(Request request, List<Event> events) {
        Long clone = stepSeconds(request, CreateRehearsalClone.STEP);
        Long writer = stepSeconds(request, CreateRehearsalInstance.STEP);
        Long upgrade = stepSeconds(request, UpgradeRehearsalClone.STEP);
        Instant started = null;
        Instant ended = null;
        for (Event e : events) {
            String m = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
            if (m.contains("upgrade started") && started == null) {
                started = e.date();
            } else if (started != null && (m.contains("upgraded") || m.contains("upgrade completed")
                    || m.contains("cannot be upgraded") || m.contains("upgrade failed"))) {
                ended = e.date();
            }
        }
        if (started != null && ended != null) {
            return new RehearsalRecord.Durations(clone, writer, Duration.between(started, ended).toSeconds(),
                    "upgrade: RDS events of the clone; clone and writer: this run's checks (within one poll interval)");
        }
        return new RehearsalRecord.Durations(clone, writer, upgrade, "this run's checks (within one poll interval)");
    }

    private static Long stepSeconds(Request request, String step) {
        StepRecord r = request.steps() == null ? null : request.steps().get(step);
        if (r == null || r.outcome() == null || dev.auroraupgrade.workflow.StepOutcome.REUSED.equals(r.outcome().action())
                || dev.auroraupgrade.workflow.StepOutcome.SKIPPED.equals(r.outcome().action())) {
            return null; // made by an earlier run: this one did not time it
        }
        return StepTiming.seconds(r.outcome().startedAt(), StepTiming.end(r));
    }

    /** The cluster volume's size (the clone shares it), the last day's maximum of VolumeBytesUsed; null when unknown. */
    private Long volumeBytes(String cluster) {
        if (cloudWatch == null) {
            return null;
        }
        Instant now = Instant.now();
        try {
            List<MetricDataResult> results = cloudWatch.getMetricData(r -> r.startTime(now.minus(Duration.ofDays(1)))
                    .endTime(now).metricDataQueries(q -> q.id("volume").metricStat(m -> m.period(3600).stat("Maximum")
                            .metric(x -> x.namespace("AWS/RDS").metricName("VolumeBytesUsed").dimensions(d -> d
                                    .name("DBClusterIdentifier").value(cluster)))))).metricDataResults();
            return results.stream().flatMap(x -> x.values().stream()).max(Double::compare).map(Double::longValue).orElse(null);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            LOG.warn("VolumeBytesUsed of {} could not be read: {}", cluster, e.getMessage());
            return null;
        }
    }
}
