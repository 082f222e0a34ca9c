package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidCapacityException;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.inplace.PreflightInPlace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** The in-place pre-flight against moto: what it decides, and every refusal before any change. */
class PreflightInPlaceTest {
    private RdsClient rds;
    private PreflightInPlace preflight;

    @BeforeEach
    void emulator() {
        rds = TestEmulator.rds();
        preflight = new PreflightInPlace(rds, TestEmulator.get().cloudWatch());
    }

    private JsonNode plan(String cluster, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterIdentifier", cluster);
        in.put("allowWriterReboot", true); // the nested Blue/Green's group change needs it
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return TestEmulator.invokeAs("PreflightInPlaceFunction", preflight, Map.of("input", in, "executionName", "t"));
    }

    private String converted(String engine, String version) {
        String id = TestEmulator.uniqueId("pip");
        DemoClusters.createConvertedV1(TestEmulator.get().cleanRds(), id, engine, version);
        return id;
    }

    @Test
    void aConvertedMysqlClusterPlansTheUpgradeTheInstancesAndTheWayOutOfExtendedSupport() {
        String id = converted("aurora-mysql", "5.7.mysql_aurora.2.12.3");
        JsonNode plan = plan(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL");
        assertTrue(plan.get("engineUpgrade").asBoolean());
        assertEquals(id + "-to-8-0-mysql-aurora-3-08-2", plan.get("blueGreenExecutionName").asText());
        assertEquals("APPROVAL", plan.get("blueGreenInput").get("switchoverPolicy").asText());
        assertEquals(2, plan.get("serverlessInstances").size(), "one per provisioned instance");
        assertEquals(id + "-serverless-1", plan.get("failoverTarget").asText());
        assertTrue(plan.get("lifecycleBefore").get("inExtendedSupport").asBoolean());
        assertTrue(plan.get("notices").toString().contains("out of RDS Extended Support"), plan.toString());
        assertTrue(plan.get("blueGreenTimeoutSeconds").asInt() > 86400, "the child's bounds, approval included");
    }

    @Test
    void auroraMysql84IsAServerlessV2TargetReachedByBlueGreen() {
        String id = TestEmulator.uniqueId("pip-84");
        DemoClusters.createProvisioned(TestEmulator.get().cleanRds(), id, "aurora-mysql", "8.0.mysql_aurora.3.08.2");
        JsonNode plan = plan(id, "targetEngineVersion", "8.4.7", "maxCapacity", 256.0);
        assertTrue(plan.get("engineUpgrade").asBoolean());
        assertEquals("8.4", plan.get("lifecycleAfter").get("majorVersion").asText());
        assertEquals(256.0, plan.get("maxCapacity").asDouble());
        assertEquals("8.4.7", plan.get("blueGreenInput").get("targetEngineVersion").asText());
    }

    @Test
    void aTargetThatNeedsAHopNamesIt() {
        String id = converted("aurora-postgresql", "13.12");
        // 13.12 reaches 16.x directly; 12.16 -> 17.4 is not direct in the fixture, but 12.16 -> 16.x -> 17.4 is.
        String old = TestEmulator.uniqueId("pip-hop");
        DemoClusters.createProvisioned(TestEmulator.get().cleanRds(), old, "aurora-postgresql", "12.16");
        var e = assertThrows(UnsupportedEngineVersionException.class, () -> plan(old, "targetEngineVersion", "17.4",
                "acceptUncheckedReplicaLag", true));
        assertTrue(e.getMessage().contains("first") && e.getMessage().contains("then run it again for 17.4"), e.getMessage());
        assertEquals("16.6", plan(id, "targetEngineVersion", "16.6").get("targetEngineVersion").asText());
    }

    @Test
    void withoutACapacityInTheInputTheWritersCpuHistoryRecommendsOneAndTheRunUsesIt() {
        String id = TestEmulator.uniqueId("pip-cpu");
        DemoClusters.createProvisioned(TestEmulator.get().cleanRds(), id, "aurora-postgresql", "14.9");
        // The writer (db.r6g.large: 16 GiB = 8 ACU) peaked at 60 % and never averaged below 25 % in an hour.
        TestEmulator.putHourly("CPUUtilization", "DBInstanceIdentifier", id + "-1", h -> h == 30 ? 60 : 25 + (h % 10));
        JsonNode plan = plan(id);
        assertEquals(8.0, plan.get("maxCapacity").asDouble(), "the writer's memory, not less");
        assertEquals(2.0, plan.get("minCapacity").asDouble(), "8 ACU x 25 %");
        assertTrue(plan.get("notices").toString().contains("capacity 2-8 ACU: recommended from writer " + id + "-1"),
                plan.toString());
        assertTrue(plan.get("notices").toString().contains("the last 14 days"), plan.toString());
        JsonNode asked = plan(id, "minCapacity", 1.0, "maxCapacity", 4.0);
        assertEquals(4.0, asked.get("maxCapacity").asDouble(), "the input wins");

        String busy = TestEmulator.uniqueId("pip-busy");
        DemoClusters.createProvisioned(TestEmulator.get().cleanRds(), busy, "aurora-postgresql", "14.9");
        TestEmulator.putHourly("CPUUtilization", "DBInstanceIdentifier", busy + "-1", h -> h == 5 ? 95 : 40);
        assertEquals(16.0, plan(busy).get("maxCapacity").asDouble(), "a CPU-bound writer gets twice its memory");
    }

    /** A Serverless v2 cluster at {@code max} ACU: writer {@code <id>-1} peaking at 32 ACU, two idle readers. */
    private String busyWriterIdleReaders(String prefix, double max) {
        String id = TestEmulator.uniqueId(prefix);
        var clean = TestEmulator.get().cleanRds();
        clean.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("16.6")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(max)));
        for (int k = 1; k <= 3; k++) {
            String name = id + "-" + k;
            clean.createDBInstance(r -> r.dbInstanceIdentifier(name).dbClusterIdentifier(id).engine("aurora-postgresql")
                    .dbInstanceClass("db.serverless"));
        }
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-1", h -> h == 7 ? 32 : 4);
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-2", h -> 0.5);
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-3", h -> 0.5);
        // What CloudWatch publishes for the cluster: the average over its three db.serverless instances.
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBClusterIdentifier", id, h -> h == 7 ? 11 : 1.67);
        return id;
    }

    @Test
    void aServerlessV2ClustersHistoryIsItsWritersOwnSeriesAndNeverLowersTheLiveMaximum() {
        // Writer peak 32 ACU + 25 % = 40 (the cluster series' 11 would give 14, below what the writer needs).
        String low = busyWriterIdleReaders("pip-w16", 16);
        JsonNode raised = plan(low);
        assertEquals(40.0, raised.get("maxCapacity").asDouble(), raised.get("notices").toString());
        assertTrue(raised.get("notices").toString().contains("ServerlessDatabaseCapacity of writer " + low + "-1"),
                raised.get("notices").toString());
        // A live maximum above the recommendation stays, and the notice says why; the input may still lower it.
        String high = busyWriterIdleReaders("pip-w64", 64);
        JsonNode kept = plan(high);
        assertEquals(64.0, kept.get("maxCapacity").asDouble(), kept.get("notices").toString());
        assertTrue(kept.get("notices").toString().contains("never lowers a live cluster's maximum"), kept.get("notices").toString());
        assertEquals(24.0, plan(high, "maxCapacity", 24.0).get("maxCapacity").asDouble(), "the input names the new one");
    }

    @Test
    void serverlessV2LimitsComeFromRdsAndTheBuiltInRulesOnlyWhereTheCallIsNotImplemented() {
        // 3.06.0 allows 256 ACU by the built-in rules; RDS here lists 128 (as it may in a Region): RDS decides.
        String id = TestEmulator.uniqueId("pip-feat");
        var clean = TestEmulator.get().cleanRds();
        clean.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.06.0")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(256.0)));
        clean.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        TestEmulator.get().engineVersions().serverlessV2Features("aurora-mysql", "8.0.mysql_aurora.3.06.0", 0.5, 128.0);
        JsonNode plan = plan(id);
        assertEquals(128.0, plan.get("maxCapacity").asDouble(), plan.get("notices").toString());
        assertTrue(plan.get("notices").toString().contains("capped at 128 ACU"), plan.get("notices").toString());
        assertThrows(InvalidCapacityException.class, () -> plan(id, "maxCapacity", 200.0), "above what RDS lists");
        // Where DescribeDBEngineVersions and DescribeOrderableDBInstanceOptions are not implemented (moto itself).
        TestEmulator.get().serveEngineVersions(false);
        JsonNode builtIn = plan(id);
        assertEquals(256.0, builtIn.get("maxCapacity").asDouble(), builtIn.get("notices").toString());
        assertTrue(builtIn.get("notices").toString().contains("DescribeOrderableDBInstanceOptions is not served"),
                builtIn.get("notices").toString());
    }

    @Test
    void badInputIsRefusedByName() {
        String id = converted("aurora-postgresql", "13.12");
        assertThrows(InvalidInputException.class, () -> plan(id, "serverlessInstanceCount", 16));
        assertThrows(InvalidCapacityException.class, () -> plan(id, "maxCapacity", 300.0));
        assertThrows(UnsupportedEngineVersionException.class, () -> plan(id, "targetEngineVersion", "13.5"));
        var blocker = assertThrows(InvalidInputException.class, () -> plan(id, "targetEngineVersion", "16.6",
                "switchoverPolicy", "AUTO"));
        assertTrue(blocker.getMessage().contains("acceptUncheckedReplicaLag"), "the Blue/Green checks run here");
    }

    @Test
    void noneAndTooManyInstancesAreRefusedAndAServerlessWriterGetsNoExtraReader() {
        String id = converted("aurora-postgresql", "13.12");
        var none = assertThrows(InvalidInputException.class, () -> plan(id, "targetEngineVersion", "16.6",
                "switchoverPolicy", "NONE"));
        assertTrue(none.getMessage().startsWith("Invalid input: 'switchoverPolicy'"), none.getMessage());
        var many = assertThrows(InvalidInputException.class, () -> plan(id, "serverlessInstanceCount", 15));
        assertTrue(many.getMessage().contains("at most 16"), many.getMessage());
        String v2 = TestEmulator.uniqueId("pip-v2");
        var clean = TestEmulator.get().cleanRds();
        clean.createDBCluster(r -> r.dbClusterIdentifier(v2).engine("aurora-postgresql").engineVersion("16.6")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(8.0)));
        clean.createDBInstance(r -> r.dbInstanceIdentifier(v2 + "-1").dbClusterIdentifier(v2).engine("aurora-postgresql")
                .dbInstanceClass("db.serverless"));
        JsonNode plan = plan(v2);
        assertEquals(0, plan.get("serverlessInstances").size(), "nothing to add: the writer is db.serverless");
        assertEquals(8.0, plan.get("maxCapacity").asDouble(), "the current range is the default");
    }

    @Test
    void afterAConversionTheWaitHoldsUntilAWriterExists() {
        String id = TestEmulator.uniqueId("pip-nowriter");
        var clean = TestEmulator.get().cleanRds();
        clean.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
                .masterUsername("dbadmin").masterUserPassword("local-only-1"));
        var check = new dev.auroraupgrade.checks.CheckClusterCompute(rds);
        Map<String, Object> request = Map.of("clusterIdentifier", id, "anyWriter", true,
                "loop", Map.of("operation", "convertEngineMode", "attempt", 0));
        JsonNode first = TestEmulator.invokeAs("CheckClusterComputeFunction", check, request);
        assertEquals(false, first.get("ready").asBoolean(), first.toString());
        assertTrue(first.get("detail").asText().contains("has no writer yet"), first.toString());
        assertEquals(300, first.get("waitedSeconds").asInt(), "the entry wait: a conversion's typical 10 minutes, "
                + "within maxPollSeconds (by default 5 min)");
        assertEquals(300, first.get("nextPollSeconds").asInt(), 30, "a conversion typically takes 10 minutes: next "
                + "check at most maxPollSeconds later, jitter at most 10 % earlier");
        clean.createDBInstance(r -> r.dbInstanceIdentifier(id + "-instance-1").dbClusterIdentifier(id)
                .engine("aurora-postgresql").dbInstanceClass("db.r5.large"));
        assertTrue(TestEmulator.invokeAs("CheckClusterComputeFunction", check, request).get("ready").asBoolean());
    }

    @Test
    void aSameNamedInstanceSomeoneElseMadeIsAConflict() {
        String id = converted("aurora-postgresql", "13.12");
        TestEmulator.get().cleanRds().createDBInstance(r -> r.dbInstanceIdentifier(id + "-serverless-1")
                .dbClusterIdentifier(id).engine("aurora-postgresql").dbInstanceClass("db.r5.large"));
        var e = assertThrows(ResourceConflictException.class, () -> plan(id));
        assertTrue(e.getMessage().contains(id + "-serverless-1"), e.getMessage());
    }
}
