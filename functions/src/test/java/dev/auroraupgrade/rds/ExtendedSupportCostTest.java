package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedSupportCostTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    private static EngineLifecycle lifecycle(String major, String standardEnds, Boolean extended) {
        return new EngineLifecycle("aurora-mysql", major, null, standardEnds, null, extended, EngineLifecycle.SOURCE_API);
    }

    @Test
    void provisionedInstancesArePricedPerVcpuAtTheRateOfTheirSupportYear() {
        var firstYear = ExtendedSupportCost.estimate(lifecycle("5.7", "2026-03-01", true), lifecycle("8.0", null, false),
                List.of("db.r5.large", "db.r6g.xlarge"), List.of("db.serverless"), TODAY);
        assertEquals(1, firstYear.supportYear());
        assertEquals(6 * 0.100 * 730, firstYear.monthlyNow(), 0.001, "2 + 4 vCPU at the years 1-2 rate");
        assertEquals(0.0, firstYear.monthlyAfter(), "the target's major is in standard support");
        var thirdYear = ExtendedSupportCost.estimate(lifecycle("5.7", "2024-10-31", true), lifecycle("5.7", "2024-10-31", true),
                List.of("db.r5.large", "db.r5.large"), List.of("db.r5.large", "db.r5.large"), TODAY);
        assertEquals(3, thirdYear.supportYear());
        assertEquals(4 * 0.200 * 730, thirdYear.monthlyNow(), 0.001);
        assertEquals(thirdYear.monthlyNow(), thirdYear.monthlyAfter(), "a same-major plan keeps paying");
        assertTrue(thirdYear.priceSource().contains("aws.amazon.com/rds/aurora/pricing"), "the table names its source");
    }

    @Test
    void notInExtendedSupportCostsNothingAndUnknownStaysUnknown() {
        var none = ExtendedSupportCost.estimate(lifecycle("8.0", "2028-04-30", false), lifecycle("8.0", "2028-04-30", false),
                List.of("db.r6g.large"), List.of("db.serverless"), TODAY);
        assertEquals(0.0, none.monthlyNow());
        assertNull(none.supportYear());
        var unknown = ExtendedSupportCost.estimate(lifecycle("8.0", null, null), lifecycle("8.0", null, null),
                List.of("db.r6g.large"), List.of("db.serverless"), TODAY);
        assertNull(unknown.monthlyNow(), "no dates: no figure rather than a wrong one");
    }

    @Test
    void serverlessInstancesAreNamedNotPriced() {
        var c = ExtendedSupportCost.estimate(lifecycle("5.7", "2026-03-01", true), lifecycle("5.7", "2026-03-01", true),
                List.of("db.serverless", "db.r5.large"), List.of("db.serverless"), TODAY);
        assertEquals(2 * 0.100 * 730, c.monthlyNow(), 0.001);
        assertTrue(c.basis().contains("not priced here"), c.basis());
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
