package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.bluegreen.PreflightBlueGreen;
import dev.auroraupgrade.inplace.PreflightInPlace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The plan's Extended Support cost on the real pre-flights, with the fixture's dates: aurora-postgresql 13 is in RDS
 * Extended Support from 2026-03-01 (charged from then: no later day is documented), so in its first year until
 * 2027-03-01 at $0.100 per vCPU-hour and $0.085 per ACU-hour (us-east-1, extended-support-prices.json).
 */
class ExtendedSupportPlanTest {
    private final RdsClient setup = TestEmulator.get().cleanRds();

    /** A Serverless v2 aurora-postgresql 13.12 cluster with db.serverless instances {@code <id>-1} (writer) and more. */
    private String serverlessPg13(String prefix, int instances) {
        String id = TestEmulator.uniqueId(prefix);
        setup.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(16.0)));
        for (int k = 1; k <= instances; k++) {
            String name = id + "-" + k;
            setup.createDBInstance(r -> r.dbInstanceIdentifier(name).dbClusterIdentifier(id).engine("aurora-postgresql")
                    .dbInstanceClass("db.serverless"));
        }
        return id;
    }

    private static JsonNode dryRun(String function, com.amazonaws.services.lambda.runtime.RequestStreamHandler handler,
                                   String cluster, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterIdentifier", cluster);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        in.put("dryRun", true);
        return TestEmulator.invokeAs(function, handler, Map.of("input", in, "executionName", "t"));
    }

    private static PreflightInPlace inPlace() {
        return new PreflightInPlace(TestEmulator.rds(), TestEmulator.get().cloudWatch());
    }

    @Test
    void dbServerlessIsPricedPerAcuHourFromEachInstancesOwnMeasuredCapacity() {
        String id = serverlessPg13("es-acu", 2);
        // The writer averages 4 ACU, the reader 1.5; the cluster-level series (their average) is not what is billed.
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-1", h -> 4.0);
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-2", h -> 1.5);
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBClusterIdentifier", id, h -> 2.75);
        JsonNode cost = dryRun("PreflightInPlaceFunction", inPlace(), id).get("extendedSupport");
        assertEquals(1, cost.get("supportYear").asInt(), cost.toString());
        assertEquals("2026-03-01", cost.get("chargesFrom").asText(), cost.toString());
        // (4 + 1.5) ACU x $0.085 x 730 h = $341.275, to the cent $341.28; a compute-only move keeps paying it.
        assertEquals(341.28, cost.get("monthlyNow").asDouble(), cost.toString());
        assertEquals(341.28, cost.get("monthlyAfter").asDouble(), cost.toString());
        assertTrue(cost.get("monthlyOldBlue").isNull(), "no Blue/Green, no old blue: " + cost);
        assertTrue(cost.get("basis").asText().contains("ServerlessDatabaseCapacity of instance " + id + "-1"), cost.toString());
    }

    @Test
    void anUnmeasuredDbServerlessInstanceLeavesTheFigureUnknownNotFree() {
        String id = serverlessPg13("es-none", 1);
        JsonNode cost = dryRun("PreflightInPlaceFunction", inPlace(), id).get("extendedSupport");
        assertTrue(cost.get("inExtendedSupport").asBoolean(), cost.toString());
        assertTrue(cost.get("monthlyNow").isNull(), "unknown, not $0: " + cost);
        assertTrue(cost.get("basis").asText().contains("CloudWatch has no ServerlessDatabaseCapacity of instance " + id + "-1"),
                cost.toString());
    }

    @Test
    void aBlueGreenPlanCountsTheOldBlueItLeavesOnTheOldMajor() {
        String id = serverlessPg13("es-bg", 1);
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-1", h -> 4.0);
        JsonNode report = dryRun("PreflightBlueGreenFunction", new PreflightBlueGreen(TestEmulator.rds(),
                TestEmulator.get().cloudWatch(), null), id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true);
        JsonNode cost = report.get("extendedSupport");
        // 4 ACU x $0.085 x 730 h = $248.20 now; green at 16 pays none; the old blue keeps paying $248.20.
        assertEquals(248.20, cost.get("monthlyNow").asDouble(), report.toString());
        assertEquals(248.20, cost.get("monthlyOldBlue").asDouble(), cost.toString());
        assertEquals(248.20, cost.get("monthlyAfter").asDouble(), "the old blue is counted: " + cost);
        assertTrue(cost.get("basis").asText().contains("after: aurora-postgresql 16 is not in Extended Support"), cost.toString());
        assertTrue(cost.get("basis").asText().contains("old blue"), cost.toString());
    }
}
