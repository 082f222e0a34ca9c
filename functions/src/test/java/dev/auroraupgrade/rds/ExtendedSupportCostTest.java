package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedSupportCostTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    /** As DescribeDBMajorEngineVersions lists it (the dates of rds-major-engine-versions.json). */
    private static EngineLifecycle lifecycle(String engine, String major, String standardEnds, String extendedStarts,
                                             Boolean extended) {
        return new EngineLifecycle(engine, major, null, standardEnds, extendedStarts, null, extended,
                EngineLifecycle.SOURCE_API);
    }

    private static EngineLifecycle mysql57() {
        return lifecycle("aurora-mysql", "5.7", "2024-10-31", "2024-11-01", true);
    }

    private static EngineLifecycle pg11() {
        return lifecycle("aurora-postgresql", "11", "2024-02-29", "2024-03-01", true);
    }

    private static EngineLifecycle standard(String engine, String major) {
        return lifecycle(engine, major, "2028-04-30", "2028-05-01", false);
    }

    private static ExtendedSupportCost standingStill(EngineLifecycle l, List<String> classes, LocalDate today) {
        return ExtendedSupportCost.estimate(l, l, classes, classes, today);
    }

    @Test
    void auroraMysqlKeepsTheYearOneRateInEverySupportYear() {
        // Charged from 2024-12-01 (the dated table), not from the end of standard support: 2026-11-24 is year 2,
        // 2026-12-01 starts year 3, still at $0.100 per vCPU-hour. Two db.r5.large: 4 vCPU x 0.100 x 730 h.
        var yearTwo = standingStill(mysql57(), List.of("db.r5.large", "db.r5.large"), TODAY);
        assertEquals(2, yearTwo.supportYear(), yearTwo.basis());
        assertEquals("2024-12-01", yearTwo.chargesFrom());
        assertEquals(292.00, yearTwo.monthlyNow(), yearTwo.basis());
        var yearThree = standingStill(mysql57(), List.of("db.r5.large", "db.r5.large"), LocalDate.parse("2026-12-01"));
        assertEquals(3, yearThree.supportYear(), yearThree.basis());
        assertEquals(292.00, yearThree.monthlyNow(), "Aurora MySQL has no year-3 rate: " + yearThree.basis());
        assertTrue(yearThree.basis().contains("at the year-1 rate"), yearThree.basis());
        assertTrue(yearThree.basis().contains("dated table"), "the charge start's source: " + yearThree.basis());
        var yearOne = standingStill(mysql57(), List.of("db.r6g.xlarge"), LocalDate.parse("2025-11-30"));
        assertEquals(1, yearOne.supportYear());
        assertEquals(292.00, yearOne.monthlyNow(), "4 vCPU x 0.100 x 730 h");
    }

    @Test
    void pricedBySaysWhichPricesInAFewWordsAsTheBasisStarts() {
        var cost = standingStill(mysql57(), List.of("db.r5.large"), TODAY);
        String pricedBy = cost.pricedBy();
        assertTrue(cost.basis().startsWith("prices: " + pricedBy + "; now: "), cost.basis());
        assertTrue(pricedBy.startsWith("dated table (") && pricedBy.contains(", because "), pricedBy);
        assertTrue(pricedBy.length() <= 160, pricedBy);
        assertNull(new ExtendedSupportCost(null, null, null, null, null, null, null, null, null, null, null, null).pricedBy());
    }

    @Test
    void auroraPostgresqlPaysTheYearThreeRateTwoYearsAfterChargesStart() {
        // Enrolled 2024-03-01, charged from 2024-04-01: year 3 starts 2026-04-01.
        var yearTwo = standingStill(pg11(), List.of("db.r5.large", "db.r5.large"), LocalDate.parse("2026-03-31"));
        assertEquals(2, yearTwo.supportYear());
        assertEquals(292.00, yearTwo.monthlyNow(), yearTwo.basis());
        var yearThree = standingStill(pg11(), List.of("db.r5.large", "db.r5.large"), LocalDate.parse("2026-04-01"));
        assertEquals(3, yearThree.supportYear());
        assertEquals("2024-04-01", yearThree.chargesFrom());
        assertEquals(584.00, yearThree.monthlyNow(), "4 vCPU x 0.200 x 730 h: " + yearThree.basis());
        var yearOne = standingStill(pg11(), List.of("db.t4g.medium"), LocalDate.parse("2024-04-01"));
        assertEquals(1, yearOne.supportYear());
        assertEquals(146.00, yearOne.monthlyNow(), "2 vCPU x 0.100 x 730 h");
    }

    @Test
    void withoutADocumentedExceptionChargesStartWithExtendedSupportAsTheApiListsIt() {
        // Aurora PostgreSQL 13: open-source-rds-extended-support from 2026-03-01 (no later day in the table).
        var pg13 = lifecycle("aurora-postgresql", "13", "2026-02-28", "2026-03-01", true);
        var c = standingStill(pg13, List.of("db.r6g.2xlarge"), TODAY);
        assertEquals("2026-03-01", c.chargesFrom());
        assertEquals(1, c.supportYear());
        assertEquals(584.00, c.monthlyNow(), "8 vCPU x 0.100 x 730 h");
        assertTrue(c.basis().contains("the start of open-source-rds-extended-support in DescribeDBMajorEngineVersions"), c.basis());
        assertEquals(3, standingStill(pg13, List.of("db.r6g.2xlarge"), LocalDate.parse("2028-03-01")).supportYear());
    }

    @Test
    void enrolledButNotYetChargedIsZeroAndSaysSo() {
        var c = standingStill(mysql57(), List.of("db.r5.large"), LocalDate.parse("2024-11-15"));
        assertTrue(c.inExtendedSupport());
        assertNull(c.supportYear());
        assertEquals(0.0, c.monthlyNow());
        assertTrue(c.basis().contains("not charged before 2024-12-01"), c.basis());
    }

    @Test
    void notInExtendedSupportCostsNothingAndUnknownStaysUnknown() {
        var none = ExtendedSupportCost.estimate(standard("aurora-mysql", "8.0"), standard("aurora-mysql", "8.0"),
                List.of("db.r6g.large"), List.of("db.serverless"), TODAY);
        assertEquals(0.0, none.monthlyNow());
        assertNull(none.supportYear());
        var unknownDates = lifecycle("aurora-mysql", "8.0", null, null, null);
        var unknown = ExtendedSupportCost.estimate(unknownDates, unknownDates, List.of("db.r6g.large"),
                List.of("db.serverless"), TODAY);
        assertNull(unknown.monthlyNow(), "no dates: no figure rather than a wrong one");
        var unknownClass = standingStill(mysql57(), List.of("db.r5.large", "db.z9.weird"), TODAY);
        assertNull(unknownClass.monthlyNow(), "one unpriced instance: no total that reads as complete");
        assertTrue(unknownClass.basis().contains("db.z9.weird") && unknownClass.basis().contains("146.0"),
                unknownClass.basis());
    }

    @Test
    void instanceClassSizesGiveVcpusAndMemory() {
        assertEquals(2.0, InstanceClasses.vcpus("db.r5.large"));
        assertEquals(16.0, InstanceClasses.vcpus("db.r6g.4xlarge"));
        assertEquals(2.0, InstanceClasses.vcpus("db.t4g.medium"));
        assertNull(InstanceClasses.vcpus("db.serverless"));
        assertEquals(8.0, InstanceClasses.memoryAcu("db.r6g.large"));
        assertEquals(128.0, InstanceClasses.memoryAcu("db.r5.8xlarge"), "256 GiB");
        assertEquals(2.0, InstanceClasses.memoryAcu("db.t3.medium"));
        assertEquals(32.0, InstanceClasses.memoryAcu("db.x2g.xlarge"));
        assertNull(InstanceClasses.memoryAcu("db.m5.large"));
    }

    private static ExtendedSupportCost.Billed serverless(String name, Double acu) {
        return new ExtendedSupportCost.Billed(name, InstanceClasses.SERVERLESS, acu, acu == null ? "no datapoints" : "14-day average");
    }

    @Test
    void dbServerlessIsPricedPerMeasuredAcuHourBesideProvisionedVcpus() {
        // Year 2 of Aurora MySQL 5.7: one db.r5.large (2 vCPU x 0.100 x 730 = 146.00) and db.serverless at 4 and
        // 1.5 ACU average ((4 + 1.5) x 0.085 x 730 = 341.275, to the cent 341.28): 487.28 in all.
        var now = List.of(ExtendedSupportCost.Billed.provisioned("w", "db.r5.large"), serverless("s1", 4.0), serverless("s2", 1.5));
        var cost = ExtendedSupportCost.estimate(mysql57(), mysql57(), now, now, null, TODAY);
        assertEquals(487.28, cost.monthlyNow(), cost.basis());
        assertEquals(487.28, cost.monthlyAfter(), cost.basis());
        assertNull(cost.monthlyOldBlue(), "no old blue in this plan");
        assertTrue(cost.basis().contains("s1 (db.serverless): 4 ACU average x 0.085 per ACU-hour (14-day average)"), cost.basis());
        assertTrue(cost.basis().contains("per ACU-hour: third-party quotes only"), "the ACU rate names its source: " + cost.basis());
        assertTrue(cost.basis().contains("old blue: none left by this plan"), cost.basis());
        // Only db.serverless: the vCPU part is 0 and the total is the ACU part alone.
        var onlyServerless = ExtendedSupportCost.estimate(mysql57(), mysql57(), List.of(serverless("s1", 2.0)),
                List.of(serverless("s1", 2.0)), null, TODAY);
        assertEquals(124.10, onlyServerless.monthlyNow(), "2 x 0.085 x 730: " + onlyServerless.basis());
        assertTrue(!onlyServerless.basis().contains("per vCPU-hour: "), "no vCPU rate is cited without vCPUs: " + onlyServerless.basis());
    }

    @Test
    void anUnmeasuredDbServerlessMakesTheTotalUnknownNotZero() {
        var now = List.of(ExtendedSupportCost.Billed.provisioned("w", "db.r5.large"), serverless("s1", null));
        var cost = ExtendedSupportCost.estimate(mysql57(), standard("aurora-mysql", "8.0"), now,
                List.of(ExtendedSupportCost.Billed.provisioned("w", "db.r5.large")), null, TODAY);
        assertNull(cost.monthlyNow(), cost.basis());
        assertTrue(cost.basis().contains("unknown, so no total: s1 (db.serverless): no datapoints (the priced part: 146.0 per month)"),
                cost.basis());
        assertEquals(0.0, cost.monthlyAfter(), "after the upgrade nothing is in Extended Support: " + cost.basis());
    }

    @Test
    void anOldBlueRetiredAfterHoursStopsPayingThenAndLeavesMonthlyAfter() {
        // The same old blue, deleted 73 h after the switchover: 584.00 a month while it stands, 584 x 73 / 730 = 58.40
        // for those hours, and nothing in the months after.
        var two = List.of(ExtendedSupportCost.Billed.provisioned("a", "db.r5.large"), ExtendedSupportCost.Billed.provisioned("b", "db.r5.large"));
        var cost = ExtendedSupportCost.estimate(pg11(), standard("aurora-postgresql", "16"), two, two, two, 73, TODAY);
        assertEquals(584.00, cost.monthlyOldBlue(), cost.basis());
        assertEquals(0.0, cost.monthlyAfter(), cost.basis());
        assertTrue(cost.oldBlueChargeStops().startsWith("73 h after the switchover, when this run deletes it")
                && cost.oldBlueChargeStops().contains("about 58.4 USD"), cost.oldBlueChargeStops());
        assertTrue(cost.basis().contains("monthlyAfter = after: the old blue is deleted 73 h"), cost.basis());
        // Unpriced, it is still gone after those hours: monthlyAfter stays known.
        var unknownOld = ExtendedSupportCost.estimate(pg11(), standard("aurora-postgresql", "16"), two, two,
                List.of(serverless("old", null)), 73, TODAY);
        assertEquals(0.0, unknownOld.monthlyAfter(), unknownOld.basis());
        assertTrue(unknownOld.oldBlueChargeStops().endsWith("(retireOldBlueAfterHours)"), unknownOld.oldBlueChargeStops());
        assertEquals("when you delete it", ExtendedSupportCost.estimate(pg11(), standard("aurora-postgresql", "16"), two, two,
                two, TODAY).oldBlueChargeStops());
        assertNull(ExtendedSupportCost.estimate(pg11(), pg11(), two, two, null, 73, TODAY).oldBlueChargeStops(), "no old blue");
    }

    @Test
    void theOldBlueKeepsPayingAndIsCountedAfterTheUpgrade() {
        // PostgreSQL 11 in year 3 (from 2026-04-01): two db.r5.large = 4 vCPU x 0.200 x 730 = 584.00 now; after the
        // upgrade to 16 the cluster pays nothing, the old blue keeps its two instances at 11: 584.00.
        var two = List.of(ExtendedSupportCost.Billed.provisioned("a", "db.r5.large"), ExtendedSupportCost.Billed.provisioned("b", "db.r5.large"));
        var cost = ExtendedSupportCost.estimate(pg11(), standard("aurora-postgresql", "16"), two, two, two, TODAY);
        assertEquals(584.00, cost.monthlyNow(), cost.basis());
        assertEquals(584.00, cost.monthlyOldBlue(), cost.basis());
        assertEquals(584.00, cost.monthlyAfter(), "after = the cluster (0) + the old blue: " + cost.basis());
        assertTrue(cost.basis().contains("monthlyAfter = after + old blue"), cost.basis());
        // An old blue whose cost is unknown makes monthlyAfter unknown too.
        var unknownOld = ExtendedSupportCost.estimate(pg11(), standard("aurora-postgresql", "16"), two, two,
                List.of(serverless("old", null)), TODAY);
        assertNull(unknownOld.monthlyOldBlue(), unknownOld.basis());
        assertNull(unknownOld.monthlyAfter(), unknownOld.basis());
        // Year 3 db.serverless on PostgreSQL takes the year-3 ACU rate: 1 ACU x 0.17 x 730 = 124.10.
        var acu = ExtendedSupportCost.estimate(pg11(), pg11(), List.of(serverless("s", 1.0)), List.of(serverless("s", 1.0)), null, TODAY);
        assertEquals(124.10, acu.monthlyNow(), acu.basis());
        assertTrue(acu.basis().contains("at the year-3 rate"), acu.basis());
    }

    @Test
    void anEngineTheTableDoesNotPriceAndAnUnknownClassAreUnknown() {
        var other = lifecycle("aurora-other", "1", "2024-10-31", "2024-11-01", true);
        var cost = ExtendedSupportCost.estimate(other, other, List.of("db.r5.large"), List.of("db.r5.large"), TODAY);
        assertNull(cost.monthlyNow(), cost.basis());
        assertTrue(cost.basis().contains("the price table has no rates for aurora-other"), cost.basis());
        var odd = standingStill(mysql57(), List.of("db.x99.huge"), TODAY);
        assertNull(odd.monthlyNow(), odd.basis());
        assertTrue(odd.basis().contains("vCPUs of the class unknown"), odd.basis());
    }

    @Test
    void theChargeStartIsTheLaterOfWhatTheApiListsAndTheDocumentedDay() {
        // The API's Extended Support start, when it lists one, over the day after standard support ends.
        var listed = lifecycle("aurora-postgresql", "13", "2025-10-31", "2025-12-15", true);
        var fromApi = standingStill(listed, List.of("db.r5.large"), LocalDate.parse("2026-12-10"));
        assertEquals("2025-12-15", fromApi.chargesFrom(), fromApi.basis());
        assertEquals(1, fromApi.supportYear(), "a year from 2025-12-15, not from 2025-11-01: " + fromApi.basis());
        assertTrue(fromApi.basis().contains("the start of " + EngineLifecycle.EXTENDED), fromApi.basis());
        var fromStandard = standingStill(lifecycle("aurora-postgresql", "13", "2025-10-31", null, true), List.of("db.r5.large"),
                LocalDate.parse("2026-12-10"));
        assertEquals("2025-11-01", fromStandard.chargesFrom(), fromStandard.basis());
        assertTrue(fromStandard.basis().contains("the day after the end of standard support"), fromStandard.basis());
        // A documented day earlier than what the API lists does not move the start back.
        var later = standingStill(lifecycle("aurora-mysql", "5.7", "2024-10-31", "2025-01-15", true), List.of("db.r5.large"), TODAY);
        assertEquals("2025-01-15", later.chargesFrom(), later.basis());
        // Without API dates the documented day alone decides, and the basis names no API date.
        var tableOnly = standingStill(lifecycle("aurora-mysql", "5.7", null, null, true), List.of("db.r5.large"), TODAY);
        assertEquals("2024-12-01", tableOnly.chargesFrom(), tableOnly.basis());
        assertTrue(!tableOnly.basis().contains("lists Extended Support from"), tableOnly.basis());
        // The provisioned basis names the vCPUs and nothing more per month.
        var two = standingStill(mysql57(), List.of("db.r5.large", "db.r5.large"), TODAY);
        assertTrue(two.basis().contains(": 4 vCPU x 0.1 per vCPU-hour x 730 h"), two.basis());
    }
}
