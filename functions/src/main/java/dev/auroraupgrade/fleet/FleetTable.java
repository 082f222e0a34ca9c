package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.auroraupgrade.workflow.PlanReport;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet as one table: its totals overall, per account and per Region (clusters, outcomes, what standing still
 * costs per month in RDS Extended Support, clusters by support year, blockers by error name), the costliest clusters,
 * and the table as CSV. Money is summed as BigDecimal from each plan's figure (already to the cent), never as double.
 */
public final class FleetTable {
    /** Clusters whose major is on RDS Extended Support now, keyed by support year ("year1"...), and the others. */
    public static final String STANDARD = "standard";
    public static final String UNKNOWN = "unknown";
    /** A group whose plans priced in more than one currency: its total is null, not a sum of unlike amounts. */
    public static final String MIXED = "mixed";
    /** How many of the costliest clusters and of the most common blockers the summary text names. */
    static final int LARGEST = 5;

    private FleetTable() {
    }

    /**
     * One group's totals (the fleet, one account, or one Region; account and region null where they do not apply).
     *
     * @param monthlyExtendedSupport the priced clusters' Extended Support per month if nothing is done, to the cent;
     *                               null when they were priced in more than one currency
     * @param currency               their currency ("mixed" for several); null when none is priced
     * @param unpriced               clusters on Extended Support (or not known to be off it) whose plan gave no figure:
     *                               the total leaves them out, it does not count them as free
     * @param bySupportYear          clusters by Extended Support year ("year1", "year2", "year3"), "standard" (not on
     *                               Extended Support) and "unknown" (no plan, or the plan does not know)
     */
    public record Group(String account, String region, int clusters, int succeeded, int failed, int notStarted, int planned,
                        int blocked, BigDecimal monthlyExtendedSupport, String currency, int unpriced,
                        Map<String, Integer> bySupportYear, Map<String, Integer> blockedBy) {
    }

    /** The table's totals: overall, then per account and per Region in first-seen order. */
    public record Totals(Group overall, List<Group> byAccount, List<Group> byRegion) {
    }

    /** The totals of these rows (clusters only: a target that could not be reached has no cluster to count). */
    static Totals totals(List<FleetRow> rows) {
        List<FleetRow> clusters = rows.stream().filter(r -> r.clusterIdentifier() != null).toList();
        return new Totals(group(null, null, clusters), groups(clusters, FleetRow::account, true),
                groups(clusters, FleetRow::region, false));
    }

    private static List<Group> groups(List<FleetRow> rows, Function<FleetRow, String> key, boolean byAccount) {
        Map<String, List<FleetRow>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
        List<Group> out = new ArrayList<>();
        // A fleet of this account only has no account or Region on its rows: one group, named null.
        by.forEach((k, here) -> out.add(group(byAccount ? k : null, byAccount ? null : k, here)));
        return List.copyOf(out);
    }

    static Group group(String account, String region, List<FleetRow> rows) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        String currency = null;
        int unpriced = 0;
        boolean mixed = false;
        Map<String, Integer> years = new TreeMap<>();
        Map<String, Integer> blockedBy = new TreeMap<>();
        for (FleetRow r : rows) {
            PlanReport.Standing s = r.standing();
            years.merge(supportYear(s), 1, Integer::sum);
            r.blockers().forEach(b -> blockedBy.merge(errorName(b), 1, Integer::sum));
            BigDecimal monthly = monthly(r);
            if (monthly == null) {
                if (s == null || !Boolean.FALSE.equals(s.inExtendedSupport())) {
                    unpriced++;
                }
                continue;
            }
            if (currency == null) {
                currency = s.currency();
            } else if (!currency.equals(s.currency())) {
                mixed = true; // amounts in two currencies do not add up to one figure
            }
            sum = sum.add(monthly);
        }
        return new Group(account, region, rows.size(), count(rows, FleetRow.SUCCEEDED), count(rows, FleetRow.FAILED),
                count(rows, FleetRow.NOT_STARTED), status(rows, PlanReport.PLANNED), status(rows, PlanReport.BLOCKED),
                mixed ? null : sum.setScale(2, RoundingMode.HALF_UP), mixed ? MIXED : currency, unpriced, years, blockedBy);
    }

    /** A row's Extended Support per month if nothing is done, exact to the cent; null when its plan gave none. */
    static BigDecimal monthly(FleetRow r) {
        PlanReport.Standing s = r.standing();
        // BigDecimal.valueOf keeps the double's shortest decimal form: the plan's figure, already rounded to cents.
        return s == null || s.monthlyExtendedSupport() == null ? null
                : BigDecimal.valueOf(s.monthlyExtendedSupport()).setScale(2, RoundingMode.HALF_UP);
    }

    static String supportYear(PlanReport.Standing s) {
        if (s == null || s.inExtendedSupport() == null) {
            return UNKNOWN;
        }
        if (!s.inExtendedSupport()) {
            return STANDARD;
        }
        return s.supportYear() == null ? UNKNOWN : "year" + s.supportYear();
    }

    /** "Error: message" as the row says it: the error name. */
    static String errorName(String blocker) {
        int colon = blocker.indexOf(':');
        return colon < 0 ? blocker : blocker.substring(0, colon);
    }

    /** The costliest clusters standing still, most first (ties by account, then cluster), at most {@code n}. */
    static List<FleetRow> costliest(List<FleetRow> rows, int n) {
        return rows.stream().filter(r -> monthly(r) != null && monthly(r).signum() > 0)
                .sorted(Comparator.comparing(FleetTable::monthly).reversed()
                        .thenComparing(r -> r.account() == null ? "" : r.account())
                        .thenComparing(FleetRow::clusterIdentifier))
                .limit(n).toList();
    }

    /** The most common blockers by error name, most first (ties by name), at most {@code n}. */
    static List<Map.Entry<String, Integer>> commonestBlockers(Map<String, Integer> blockedBy, int n) {
        return blockedBy.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(n).toList();
    }

    /** The CSV's columns, in order (RFC 4180: a header row, then one record per row). */
    static final List<String> COLUMNS = List.of("account", "region", "cluster", "route", "outcome", "status", "engine",
            "engineVersion", "engineVersionAfter", "lifecycle", "extendedSupportYear", "chargesFrom",
            "monthlyExtendedSupport", "currency", "pricedBy", "blockers", "lastRehearsal", "lastRehearsedAt",
            "lastRehearsalTarget", "error", "cause", "reason", "executionArn");

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * The table as CSV: RFC 4180 (CRLF line ends, fields in double quotes, a quote inside doubled), a header row, one
     * record per row (an unreachable target's record has no cluster and says why). Money as plain decimals to the
     * cent, unquoted. Text from AWS or the input (cluster names, tags, messages) is neutralised against CSV injection.
     */
    static String csv(String route, List<FleetRow> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        COLUMNS.forEach(c -> schema.addColumn(c, "monthlyExtendedSupport".equals(c) || "extendedSupportYear".equals(c)
                ? CsvSchema.ColumnType.NUMBER : CsvSchema.ColumnType.STRING));
        List<Map<String, Object>> records = new ArrayList<>();
        for (FleetRow r : rows) {
            PlanReport.Standing s = r.standing();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", cell(r.account()));
            m.put("region", cell(r.region()));
            m.put("cluster", cell(r.clusterIdentifier()));
            m.put("route", cell(route));
            m.put("outcome", cell(r.outcome()));
            m.put("status", cell(r.status()));
            m.put("engine", cell(s == null ? null : s.engine()));
            m.put("engineVersion", cell(s == null ? null : s.engineVersionBefore()));
            m.put("engineVersionAfter", cell(r.engineVersion()));
            m.put("lifecycle", cell(lifecycle(s)));
            m.put("extendedSupportYear", s == null ? null : s.supportYear());
            m.put("chargesFrom", cell(s == null ? null : s.chargesFrom()));
            m.put("monthlyExtendedSupport", monthly(r));
            m.put("currency", cell(s == null ? null : s.currency()));
            m.put("pricedBy", cell(s == null ? null : s.pricedBy()));
            m.put("blockers", cell(String.join("; ", r.blockers())));
            m.put("lastRehearsal", cell(s == null ? null : s.lastRehearsal()));
            m.put("lastRehearsedAt", cell(s == null ? null : s.lastRehearsedAt()));
            m.put("lastRehearsalTarget", cell(s == null ? null : s.lastRehearsalTarget()));
            m.put("error", cell(r.error()));
            m.put("cause", cell(r.cause()));
            m.put("reason", cell(r.reason()));
            m.put("executionArn", cell(r.executionArn()));
            records.add(m);
        }
        try {
            return CSV.writer(schema.build()).writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "extended support", "standard support", or empty when the plan does not say. */
    static String lifecycle(PlanReport.Standing s) {
        return s == null || s.inExtendedSupport() == null ? null : s.inExtendedSupport() ? "extended support" : "standard support";
    }

    /**
     * A text cell a spreadsheet will not run as a formula: one starting with =, +, -, @, a tab, a carriage return or a
     * NUL gets a leading single quote (OWASP, "CSV Injection"; ASVS 1.2.10), and the writer quotes every text cell.
     */
    static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return "=+-@\t\r\0".indexOf(first) >= 0 ? "'" + text : text;
    }

    private static int count(List<FleetRow> rows, String outcome) {
        return (int) rows.stream().filter(x -> outcome.equals(x.outcome())).count();
    }

    private static int status(List<FleetRow> rows, String status) {
        return (int) rows.stream().filter(x -> status.equals(x.status())).count();
    }
}
