package dev.auroraupgrade.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.auroraupgrade.workflow.PlanReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet table's arithmetic (BigDecimal to the cent), its groups, the summary's bounds and the CSV's escaping. */
class FleetTableTest {
    private static PlanReport.Standing standing(Boolean extended, Integer year, Double monthly, String currency) {
        return new PlanReport.Standing("aurora-postgresql", "13.12", extended, year, year == null ? null : "2026-03-01",
                monthly, currency, "AWS Price List API, us-east-1, 2026-12-03", null, null, null);
    }

    private static FleetRow row(String account, String region, String cluster, String status, PlanReport.Standing s,
                                String... blockers) {
        return new FleetRow(cluster, FleetRow.SUCCEEDED, status, "13.12", null, null, null, null, null, false, null,
                List.of(blockers), List.of(), null, null, null, null, null, account, region, s);
    }

    private static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    @Test
    void centsAddUpExactlyWhereDoublesWouldNot() {
        List<FleetRow> rows = new ArrayList<>();
        // 0.1 + 0.2 is 0.30000000000000004 in double; ten times 33.33 is 333.29999999999995.
        rows.add(row("111111111111", "us-east-1", "c0", PlanReport.PLANNED, standing(true, 1, 0.1, "USD")));
        rows.add(row("111111111111", "us-east-1", "c1", PlanReport.PLANNED, standing(true, 1, 0.2, "USD")));
        for (int i = 0; i < 10; i++) {
            rows.add(row("222222222222", "us-east-1", "d" + i, PlanReport.PLANNED, standing(true, 3, 33.33, "USD")));
        }
        FleetTable.Totals t = FleetTable.totals(rows);
        assertEquals(money("333.60"), t.overall().monthlyExtendedSupport());
        assertEquals("333.60", t.overall().monthlyExtendedSupport().toPlainString());
        assertEquals(money("0.30"), t.byAccount().get(0).monthlyExtendedSupport());
        assertEquals(money("333.30"), t.byAccount().get(1).monthlyExtendedSupport());
        assertEquals(Map.of("year1", 2, "year3", 10), t.overall().bySupportYear());
        assertEquals(1, t.byRegion().size());
        assertEquals(money("333.60"), t.byRegion().get(0).monthlyExtendedSupport());
    }

    @Test
    void anUnknownFigureIsCountedAsUnpricedNeverAsZeroAndStandardSupportIsFree() {
        List<FleetRow> rows = List.of(
                row("1", "us-east-1", "priced", PlanReport.PLANNED, standing(true, 1, 146.0, "USD")),
                row("1", "us-east-1", "unmeasured", PlanReport.PLANNED, standing(true, 1, null, "USD")),
                row("1", "us-east-1", "standard", PlanReport.PLANNED, standing(false, null, 0.0, "USD")),
                row("1", "us-east-1", "blocked", PlanReport.BLOCKED, null, "InvalidInputException: no target",
                        "SourceNotSupportedException: v1"),
                row("2", "eu-west-1", "other", PlanReport.BLOCKED, standing(false, null, null, null),
                        "InvalidInputException: again"),
                FleetRow.notStarted(null, "not reached").in("3", "us-east-1"));
        FleetTable.Totals t = FleetTable.totals(rows);
        FleetTable.Group all = t.overall();
        assertEquals(5, all.clusters(), "an unreachable target is no cluster");
        assertEquals(money("146.00"), all.monthlyExtendedSupport());
        assertEquals("USD", all.currency());
        assertEquals(2, all.unpriced(), "the unmeasured one and the one without a plan; standard support is not unpriced");
        assertEquals(Map.of("year1", 2, "standard", 2, "unknown", 1), all.bySupportYear());
        assertEquals(Map.of("InvalidInputException", 2, "SourceNotSupportedException", 1), all.blockedBy());
        assertEquals(List.of(3, 2), List.of(all.planned(), all.blocked()));
        assertEquals(List.of("1", "2"), t.byAccount().stream().map(FleetTable.Group::account).toList());
        assertEquals(List.of("us-east-1", "eu-west-1"), t.byRegion().stream().map(FleetTable.Group::region).toList());
        assertNull(t.byAccount().get(1).currency(), "nothing priced there");
        assertEquals(money("0.00"), t.byAccount().get(1).monthlyExtendedSupport());
        assertEquals(List.of(Map.entry("InvalidInputException", 2), Map.entry("SourceNotSupportedException", 1)),
                FleetTable.commonestBlockers(all.blockedBy(), 5));
    }

    @Test
    void twoCurrenciesMakeNoSingleTotal() {
        FleetTable.Group g = FleetTable.totals(List.of(
                row("1", "us-east-1", "a", PlanReport.PLANNED, standing(true, 1, 10.0, "USD")),
                row("1", "cn-north-1", "b", PlanReport.PLANNED, standing(true, 1, 70.0, "CNY")))).overall();
        assertNull(g.monthlyExtendedSupport());
        assertEquals(FleetTable.MIXED, g.currency());
    }

    @Test
    void theCostliestComeFirstAtMostFiveAndFreeOnesAreNotListed() {
        List<FleetRow> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row("1", "us-east-1", "c" + i, PlanReport.PLANNED, standing(true, 1, 10.0 * i, "USD")));
        }
        assertEquals(List.of("c7", "c6", "c5", "c4", "c3"), FleetTable.costliest(rows, 5).stream()
                .map(FleetRow::clusterIdentifier).toList());
        assertEquals(7, FleetTable.costliest(rows, 10).size(), "c0 costs nothing: not a costly cluster");
    }

    @Test
    void theCsvQuotesAsRfc4180AndNeutralisesFormulas() throws Exception {
        List<FleetRow> rows = List.of(
                row("111122223333", "us-east-1", "=HYPERLINK(\"http://x\",\"y\")", PlanReport.BLOCKED,
                        standing(true, 1, 1000.0, "USD"), "InvalidInputException: 'a,b' has \"quotes\"\nand a line"),
                row("111122223333", "us-east-1", "+cmd", PlanReport.PLANNED, standing(true, 1, 0.5, "USD"), "-1+1", "@SUM(1)"),
                row("111122223333", "us-east-1", "\tx", PlanReport.PLANNED, null));
        String csv = FleetTable.csv("in-place", rows);
        String[] lines = csv.split("\r\n", -1);
        assertTrue(lines[0].startsWith("\"account\",\"region\",\"cluster\",\"route\""), lines[0]);
        // A quote inside a field is doubled, the field quoted; a line break stays inside its quoted field.
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), csv);
        assertTrue(csv.contains("\"InvalidInputException: 'a,b' has \"\"quotes\"\"\nand a line\""), csv);
        // Money as a plain decimal to the cent (never 1E+3), unquoted.
        assertTrue(csv.contains(",1000.00,\"USD\","), csv);
        assertTrue(csv.contains(",0.50,\"USD\","), csv);
        assertTrue(csv.endsWith("\r\n"), "every record ends with CRLF");

        CsvMapper mapper = new CsvMapper();
        List<Map<String, String>> records = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.getBytes(StandardCharsets.UTF_8))) {
            it.forEachRemaining(records::add);
        }
        assertEquals(3, records.size(), csv);
        assertEquals(FleetTable.COLUMNS, List.copyOf(records.get(0).keySet()));
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", records.get(0).get("cluster"));
        assertEquals("'+cmd", records.get(1).get("cluster"));
        assertEquals("'-1+1; @SUM(1)", records.get(1).get("blockers"), "the cell starts with '-': neutralised");
        assertEquals("'\tx", records.get(2).get("cluster"));
        assertEquals("1000.00", records.get(0).get("monthlyExtendedSupport"));
        assertEquals("extended support", records.get(0).get("lifecycle"));
        assertEquals("", records.get(2).get("monthlyExtendedSupport"), "no plan: empty, not 0");
        assertEquals("in-place", records.get(2).get("route"));
    }

    @Test
    void aCellThatIsNoFormulaIsLeftAlone() {
        assertEquals("aurora-postgresql", FleetTable.cell("aurora-postgresql"));
        assertEquals("a=b", FleetTable.cell("a=b"));
        assertEquals("", FleetTable.cell(""));
        assertNull(FleetTable.cell(null));
        for (String formula : List.of("=1", "+1", "-1", "@x", "\t1", "\r1")) {
            assertEquals("'" + formula, FleetTable.cell(formula));
        }
    }

    @Test
    void theSubjectStaysUnderSnssHundredCharactersInAscii() {
        var totals = new FleetResult.Totals(100, 100, 0, 0, 0, 0, Map.of(), 0);
        String subject = SummarizeFleet.subject("x".repeat(80), totals);
        assertTrue(subject.length() < 100, subject);
        assertTrue(subject.endsWith(": 100 succeeded, 0 failed, 0 not started"), subject);
        assertTrue(subject.startsWith("Fleet xxx") && subject.contains("..."), subject);
        assertEquals("Fleet r?n: 1 succeeded, 0 failed, 0 not started", SummarizeFleet.subject("r\u00e9n",
                new FleetResult.Totals(1, 1, 0, 0, 0, 0, Map.of(), 0)));
    }

    @Test
    void theSummaryTextKeepsItsTotalsAndStaysFarWithinSnssMessageLimit() {
        List<FleetRow> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(row("111122223333", "us-east-1", "c" + i, PlanReport.BLOCKED, standing(true, 1, 146.0, "USD"),
                    "InvalidInputException: " + "x".repeat(1000), "SourceNotSupportedException: " + "y".repeat(1000)));
        }
        FleetPlan plan = new FleetPlan("in-place", "arn", "run-1", "p", "run-1", "2026-12-03T00:00:00Z", 5, 5, 1, 0, 0, 100,
                0, 3600, true, "selector", List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        var totals = new FleetResult.Totals(100, 100, 0, 0, 0, 100, Map.of("InvalidInputException", 100), 0);
        String text = SummarizeFleet.text(plan, rows, totals, FleetTable.totals(rows), List.of(), null, List.of(), List.of(),
                "Full table: s3://b/fleets/run-1/run-1.json\n");
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= SummarizeFleet.TEXT_MAX_BYTES && SummarizeFleet.TEXT_MAX_BYTES < 262_144, "bytes: " + bytes);
        assertTrue(text.contains("Standing still, RDS Extended Support: 14600.00 USD per month; by support year: year1 100"), text);
        assertTrue(text.contains("Costliest standing still (of 100):"), text);
        assertTrue(text.contains("more rows: see the full table\n") && text.endsWith("Full table: s3://b/fleets/run-1/run-1.json\n"),
                text.substring(text.length() - 300));
    }
}
