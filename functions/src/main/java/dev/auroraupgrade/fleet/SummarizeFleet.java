package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.bluegreen.OldBlueReport;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.common.RunMetrics;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.StepTiming;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The fleet's last step: one row per cluster in run order (canaries first; clusters never started listed as
 * such, with the reason), the totals (overall, per account, per Region: {@link FleetTable}), the text and subject of
 * the SNS summary, and the table as CSV in the stack's report bucket (the state machine writes the JSON beside it).
 */
public class SummarizeFleet extends JsonHandler<SummarizeFleet.Request, FleetResult> {
    /**
     * The plan, the canaries' rows, the verdict on them, and the other clusters' rows (empty when not started); rows
     * come one list per group (see {@link FleetGroup#rows}).
     */
    public record Request(FleetPlan plan, List<JsonNode> canaryRows, JudgeCanaries.Verdict canaryVerdict, List<JsonNode> rows,
                          /** The stack's report bucket (the state machine writes the object); null: no report. */
                          String reportBucket) {
    }


    private static final Logger LOG = LoggerFactory.getLogger(SummarizeFleet.class);
    /**
     * The summary text's bound in UTF-8 bytes. SNS Publish takes at most 256 KB (262,144 bytes, SNS API reference,
     * Publish); the text also travels in the fleet's state with every row (256 KiB in all), so it stays far below.
     */
    static final int TEXT_MAX_BYTES = 32 * 1024;
    /** SNS Publish: a subject is "less than 100 characters", with no line breaks or control characters (API reference). */
    static final int SUBJECT_MAX_CHARS = 99;

    private final S3Client s3;

    public SummarizeFleet() {
        this(AwsClients.s3());
    }

    public SummarizeFleet(S3Client s3) {
        super(Request.class);
        this.s3 = s3;
    }

    @Override
    protected FleetResult handle(Request r, Context context) {
        FleetPlan plan = r.plan();
        List<FleetRow> rows = new ArrayList<>();
        // Rows come in the plan's order (group after group): each takes its member's account and Region from there.
        List<JsonNode> canaryRows = FleetGroup.rows(r.canaryRows());
        List<FleetMember> canaries = plan.canaries();
        for (int i = 0; i < canaryRows.size(); i++) {
            FleetMember m = i < canaries.size() ? canaries.get(i) : null;
            rows.add(row(canaryRows.get(i)).in(m == null ? null : m.account(), m == null ? null : m.region()));
        }
        boolean othersRan = r.canaryVerdict() == null || r.canaryVerdict().passed();
        List<JsonNode> others = FleetGroup.rows(r.rows());
        List<FleetMember> notCanaries = plan.others();
        for (int i = 0; i < notCanaries.size(); i++) {
            FleetMember m = notCanaries.get(i);
            rows.add((othersRan && i < others.size() ? row(others.get(i))
                    : FleetRow.notStarted(m.clusterIdentifier(), r.canaryVerdict() == null ? "not reached" : r.canaryVerdict().detail()))
                    .in(m.account(), m.region()));
        }
        List<FleetRow> unreachable = plan.unreachable() == null ? List.of() : plan.unreachable().stream()
                .map(u -> FleetRow.notStarted(null, u.reason()).in(u.account(), u.region())).toList();
        int ok = count(rows, FleetRow.SUCCEEDED);
        int failed = count(rows, FleetRow.FAILED);
        int notStarted = count(rows, FleetRow.NOT_STARTED);
        int planned = (int) rows.stream().filter(x -> PlanReport.PLANNED.equals(x.status())).count();
        int blocked = (int) rows.stream().filter(x -> PlanReport.BLOCKED.equals(x.status())).count();
        java.util.Map<String, Integer> blockedBy = new java.util.TreeMap<>();
        rows.forEach(x -> x.blockers().forEach(b -> blockedBy.merge(b.substring(0, Math.max(0, b.indexOf(':'))), 1, Integer::sum)));
        var totals = new FleetResult.Totals(rows.size(), ok, failed, notStarted, planned, blocked, blockedBy, unreachable.size());
        List<FleetResult.TargetTotals> targets = targetTotals(plan, rows);
        // The fleet's own outcome and its totals, under [Workflow=fleet] and [Workflow=fleet, FleetWorkflow].
        RunMetrics.publish(RunMetrics.FLEET, null, m -> {
            m.addDimension(DimensionSet.of(RunMetrics.WORKFLOW, RunMetrics.FLEET, "FleetWorkflow", plan.workflow()));
            m.addMetadata("fleetRunId", plan.fleetRunId());
            m.addMetric(plan.dryRun() ? "Planned" : "Succeeded", 1, MetricUnit.COUNT);
            m.addMetric("FleetClusters", rows.size(), MetricUnit.COUNT);
            m.addMetric("FleetSucceeded", ok, MetricUnit.COUNT);
            m.addMetric("FleetFailed", failed, MetricUnit.COUNT);
            m.addMetric("FleetNotStarted", notStarted, MetricUnit.COUNT);
            if (plan.dryRun()) {
                m.addMetric("FleetPlanned", planned, MetricUnit.COUNT);
                m.addMetric("FleetBlocked", blocked, MetricUnit.COUNT);
            }
        });
        List<OldBlueReport> oldBlues = rows.stream().map(FleetRow::oldBlue).filter(b -> b != null && b.standing()).toList();
        Double oldBlueTotal = oldBlues.stream().anyMatch(b -> b.monthlyExtendedSupport() == null) ? null
                : oldBlues.stream().map(b -> java.math.BigDecimal.valueOf(b.monthlyExtendedSupport()))
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                        .setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
        List<FleetRow> all = new ArrayList<>(rows);
        all.addAll(unreachable);
        FleetTable.Totals table = FleetTable.totals(rows);
        // One object per fleet execution: a resumed run writes its own beside the first one's.
        String base = "fleets/" + plan.fleetRunId() + "/" + plan.executionName();
        FleetResult.Report report = r.reportBucket() == null || r.reportBucket().isBlank() ? null
                : new FleetResult.Report(r.reportBucket(), base + ".json", base + ".csv",
                        writeCsv(r.reportBucket(), base + ".csv", FleetTable.csv(plan.workflow(), all)));
        List<String> iac = iacToUpdate(all);
        String tail = report == null ? "" : "Full table: s3://" + report.bucket() + "/" + report.jsonKey()
                + (report.csvError() == null ? " and s3://" + report.bucket() + "/" + report.csvKey()
                : " (the CSV was not written: " + report.csvError() + ")") + "\n";
        String text = text(plan, all, totals, table, oldBlues, oldBlueTotal, targets, iac, tail);
        return new FleetResult(plan.workflow(), plan.fleetRunId(), plan.dryRun(), plan.selection(), List.copyOf(all), totals,
                table, oldBlues, oldBlueTotal, iac, plan.excluded(), plan.notices(), targets, report,
                subject(plan.fleetRunId(), totals), text);
    }

    /** The CSV in the report bucket; null when written, else why not (a failed write is said, never a failed fleet). */
    private String writeCsv(String bucket, String key, String csv) {
        try {
            // RFC 4180 registers text/csv with the header parameter; the body is UTF-8.
            s3.putObject(q -> q.bucket(bucket).key(key).contentType("text/csv; charset=utf-8; header=present"),
                    RequestBody.fromString(csv, java.nio.charset.StandardCharsets.UTF_8));
            return null;
        } catch (SdkException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("fleet table CSV not written to s3://{}/{}: {}", bucket, key, why);
            return why.length() > 300 ? why.substring(0, 300) + "..." : why;
        }
    }

    /** The SNS subject: the run and its outcome, ASCII without control characters, under 100 characters. */
    static String subject(String fleetRunId, FleetResult.Totals t) {
        String counts = ": " + t.succeeded() + " succeeded, " + t.failed() + " failed, " + t.notStarted() + " not started";
        String id = fleetRunId == null ? "" : fleetRunId.replaceAll("[^\\x20-\\x7E]", "?");
        int room = SUBJECT_MAX_CHARS - "Fleet ".length() - counts.length();
        if (id.length() > room) {
            id = id.substring(0, Math.max(0, room - 3)) + "...";
        }
        return "Fleet " + id + counts;
    }

    /** The clusters whose IaC must be updated (or, in a dry run, would have to be), each with its count and stack. */
    static List<String> iacToUpdate(List<FleetRow> rows) {
        return rows.stream().filter(x -> x.iacChanges() != null && x.iacChanges() > 0)
                .map(x -> x.clusterIdentifier() + ": " + x.iacChanges() + (x.iacChanges() == 1 ? " value" : " values")
                        + (dev.auroraupgrade.iac.IacFollowUp.NEW_CLUSTER.equals(x.iacStatus()) ? " (a new cluster replaces it)" : "")
                        + (x.iacStack() == null ? "" : " in CloudFormation stack " + x.iacStack())).toList();
    }

    /** Each target's share of the totals, reachable targets first in plan order, then the unreachable ones. */
    private static List<FleetResult.TargetTotals> targetTotals(FleetPlan plan, List<FleetRow> rows) {
        List<FleetResult.TargetTotals> out = new ArrayList<>();
        for (MemberMachine m : plan.memberMachines() == null ? List.<MemberMachine>of() : plan.memberMachines()) {
            List<FleetRow> here = rows.stream().filter(x -> m.account().equals(x.account()) && m.region().equals(x.region())).toList();
            out.add(new FleetResult.TargetTotals(m.account(), m.region(), true, here.size(), count(here, FleetRow.SUCCEEDED),
                    count(here, FleetRow.FAILED), count(here, FleetRow.NOT_STARTED),
                    (int) here.stream().filter(x -> PlanReport.PLANNED.equals(x.status())).count(),
                    (int) here.stream().filter(x -> PlanReport.BLOCKED.equals(x.status())).count()));
        }
        for (UnreachableTarget u : plan.unreachable() == null ? List.<UnreachableTarget>of() : plan.unreachable()) {
            out.add(new FleetResult.TargetTotals(u.account(), u.region(), false, 0, 0, 0, 0, 0, 0));
        }
        return List.copyOf(out);
    }

    /** A row as the cluster's iteration left it (success, failure, or not started), with its duration. */
    static FleetRow row(JsonNode n) {
        Long seconds = null;
        Instant start = StepTiming.executionDate(n.path("startDate"));
        Instant stop = StepTiming.executionDate(n.path("stopDate"));
        if (start != null && stop != null) {
            seconds = Duration.between(start, stop).toSeconds();
        }
        return new FleetRow(text(n, "clusterIdentifier"), text(n, "outcome"), text(n, "status"), text(n, "engineVersion"),
                text(n, "endpoint"), seconds, text(n, "error"), text(n, "cause"), text(n, "reason"),
                n.path("resumed").asBoolean(false), text(n, "executionArn"), blockers(n.path("blockers")),
                failedChecks(n.path("failedChecks")), n.path("durations").path("upgradeSeconds").isNumber()
                        ? n.path("durations").path("upgradeSeconds").asLong() : null,
                n.path("oldBlue").isObject() ? Json.read(n.get("oldBlue"), OldBlueReport.class) : null,
                text(n, "iacStatus"), n.path("iacChanges").isInt() ? n.path("iacChanges").asInt() : null, text(n, "iacStack"),
                null, null, n.path("standing").isObject() && !n.path("standing").isEmpty()
                        ? Json.read(n.get("standing"), PlanReport.Standing.class) : null);
    }

    /** A rehearsal's failed checks as "check (objects)". */
    private static List<String> failedChecks(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(f -> {
            List<String> objects = new ArrayList<>();
            f.path("objects").forEach(o -> objects.add(o.asText()));
            out.add(f.path("check").asText() + (objects.isEmpty() ? "" : " (" + String.join(", ", objects) + ")"));
        });
        return List.copyOf(out);
    }

    /** A plan's blockers as "Error: message", in the plan's order. */
    private static List<String> blockers(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(b -> out.add(b.path("error").asText() + ": " + b.path("message").asText()));
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static int count(List<FleetRow> rows, String outcome) {
        return (int) rows.stream().filter(x -> outcome.equals(x.outcome())).count();
    }

    static String text(FleetPlan plan, List<FleetRow> rows, FleetResult.Totals t, FleetTable.Totals table,
                       List<OldBlueReport> oldBlues, Double oldBlueTotal, List<FleetResult.TargetTotals> targets,
                       List<String> iac, String tail) {
        StringBuilder s = new StringBuilder();
        s.append("Fleet ").append(plan.fleetRunId()).append(" (").append(plan.workflow()).append(plan.dryRun() ? ", dry run" : "")
                .append("): ").append(t.clusters()).append(" clusters, ").append(t.succeeded()).append(" succeeded, ")
                .append(t.failed()).append(" failed, ").append(t.notStarted()).append(" not started");
        if (plan.dryRun()) {
            s.append(" (").append(t.planned()).append(" planned, ").append(t.blocked()).append(" blocked")
                    .append(t.blockedBy().isEmpty() ? "" : ": " + String.join(", ", t.blockedBy().entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).toList())).append(")");
        }
        s.append('\n');
        s.append("Standing still, RDS Extended Support: ").append(cost(table.overall())).append('\n');
        for (FleetResult.TargetTotals g : targets) {
            s.append(g.account()).append('/').append(g.region()).append(": ").append(g.reachable() ? g.clusters()
                    + " clusters, " + g.succeeded() + " succeeded, " + g.failed() + " failed, " + g.notStarted() + " not started"
                    + (plan.dryRun() ? " (" + g.planned() + " planned, " + g.blocked() + " blocked)" : "")
                    : "not reached (its member role could not be used)").append('\n');
        }
        for (FleetTable.Group g : table.byAccount()) {
            if (g.account() != null) {
                s.append("Account ").append(g.account()).append(": ").append(cost(g)).append('\n');
            }
        }
        for (FleetTable.Group g : table.byRegion()) {
            if (g.region() != null) {
                s.append("Region ").append(g.region()).append(": ").append(cost(g)).append('\n');
            }
        }
        List<FleetRow> costliest = FleetTable.costliest(rows, FleetTable.LARGEST);
        if (!costliest.isEmpty()) {
            s.append("Costliest standing still (of ").append(table.overall().clusters()).append("):\n");
            costliest.forEach(x -> s.append("  ").append(x.account() == null ? "" : x.account() + "/" + x.region() + " | ")
                    .append(x.clusterIdentifier()).append(" | ").append(FleetTable.monthly(x).toPlainString()).append(' ')
                    .append(x.standing().currency()).append(" per month | ").append(FleetTable.supportYear(x.standing()))
                    .append('\n'));
        }
        var blockers = FleetTable.commonestBlockers(table.overall().blockedBy(), FleetTable.LARGEST);
        if (!blockers.isEmpty()) {
            s.append("Commonest blockers: ").append(String.join(", ", blockers.stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList())).append('\n');
        }
        StringBuilder end = new StringBuilder();
        if (!oldBlues.isEmpty()) {
            end.append("Old blues still standing (billed until deleted): ").append(oldBlues.size()).append(", Extended Support ")
                    .append(oldBlueTotal == null ? "unknown (one is unpriced)" : oldBlueTotal + " per month").append('\n');
            for (OldBlueReport b : oldBlues) {
                end.append(b.oldBlueClusterIdentifier()).append(" (old blue of ").append(b.clusterIdentifier()).append(") | ")
                        .append(b.monthlyExtendedSupport() == null ? "unpriced" : b.monthlyExtendedSupport() + " per month")
                        .append(" | ").append(b.retireAfter() == null ? "kept"
                                : "retired at " + b.retireAfter() + " into snapshot " + b.finalSnapshotIdentifier()).append('\n');
            }
        }
        if (!iac.isEmpty()) {
            end.append(plan.dryRun() ? "IaC that would need updating (iacFollowUp of each run): " : "IaC to update (iacFollowUp "
                    + "of each run): ").append(iac.size()).append('\n');
            iac.forEach(x -> end.append(x).append('\n'));
        }
        end.append(tail);
        // Every row's line while they fit; the rest are in the full table (S3), never cut mid-line.
        int room = TEXT_MAX_BYTES - bytes(s) - bytes(end) - 200;
        int shown = 0;
        for (FleetRow x : rows) {
            String line = line(x);
            if (bytes(line) > room) {
                break;
            }
            s.append(line);
            room -= bytes(line);
            shown++;
        }
        if (shown < rows.size()) {
            s.append("... ").append(rows.size() - shown).append(" more rows: see the full table\n");
        }
        return s.append(end).toString();
    }

    /** "1234.56 USD per month (2 not priced); year1 3, standard 1", or why there is no figure. */
    private static String cost(FleetTable.Group g) {
        String money = g.monthlyExtendedSupport() == null ? "no single total (priced in several currencies)"
                : g.currency() == null ? "none priced" : g.monthlyExtendedSupport().toPlainString() + " " + g.currency() + " per month";
        return money + (g.unpriced() == 0 ? "" : " (" + g.unpriced() + " not priced)") + "; by support year: "
                + String.join(", ", g.bySupportYear().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    private static int bytes(CharSequence text) {
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String line(FleetRow x) {
        StringBuilder s = new StringBuilder();
        if (x.account() != null) {
            s.append(x.account()).append('/').append(x.region()).append(" | ");
        }
        s.append(x.clusterIdentifier() == null ? "(every cluster)" : x.clusterIdentifier()).append(" | ").append(x.outcome());
        if (x.status() != null) {
            s.append(" | ").append(x.status());
        }
        if (x.engineVersion() != null) {
            s.append(" | ").append(x.engineVersion());
        }
        if (x.durationSeconds() != null) {
            s.append(" | ").append(x.durationSeconds()).append(" s");
        }
        if (x.resumed()) {
            s.append(" | resumed");
        }
        if (x.error() != null) {
            s.append(" | ").append(x.error()).append(": ").append(x.cause());
        }
        if (x.reason() != null) {
            s.append(" | ").append(x.reason());
        }
        x.blockers().forEach(b -> s.append(" | ").append(b));
        if (x.rehearsedUpgradeSeconds() != null) {
            s.append(" | upgrade ").append(x.rehearsedUpgradeSeconds()).append(" s on a clone");
        }
        if (!x.failedChecks().isEmpty()) {
            s.append(" | failed checks: ").append(String.join("; ", x.failedChecks()));
        }
        BigDecimal monthly = FleetTable.monthly(x);
        if (monthly != null) {
            s.append(" | ").append(monthly.toPlainString()).append(' ').append(x.standing().currency()).append(" per month");
        }
        if (x.standing() != null && x.standing().lastRehearsal() != null) {
            s.append(" | last rehearsal ").append(x.standing().lastRehearsal()).append(' ').append(x.standing().lastRehearsedAt());
        }
        return s.append('\n').toString();
    }
}
