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
}
