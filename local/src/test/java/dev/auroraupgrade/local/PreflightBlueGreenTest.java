package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.bluegreen.PreflightBlueGreen;
import dev.auroraupgrade.errors.BlueGreenBlockerException;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** The Blue/Green pre-flight against moto through the real SDK: decisions, defaults, blockers, refusals. */
class PreflightBlueGreenTest {
    private RdsClient rds;
    private PreflightBlueGreen preflight;

    @BeforeEach
    void emulator() {
        rds = TestEmulator.rds();
        preflight = new PreflightBlueGreen(rds);
    }

    private String provisioned(String engine, String version) {
        String id = TestEmulator.uniqueId("pbg");
        DemoClusters.createProvisioned(rds, id, engine, version);
        return id;
    }

    private JsonNode plan(String cluster, Object... kv) {
        return TestEmulator.invokeAs("PreflightBlueGreenFunction", preflight, Map.of("input", input(cluster, kv), "executionName", "t"));
    }

    /** An input that allows the writer reboot most plans here need (without it the run is refused; tested below). */
    private static Map<String, Object> input(String cluster, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterIdentifier", cluster);
        in.put("allowWriterReboot", true);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }

    @Test
    void aMinorUpgradeFromTheDefaultGroupPlansACustomCopyAndSafeDefaults() {
        String id = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // The defaults alone: the group change needs a writer reboot, which is not allowed by default.
        var refused = assertThrows(dev.auroraupgrade.errors.WriterRebootRequiredException.class, () -> TestEmulator.invokeAs(
                "PreflightBlueGreenFunction", preflight, Map.of("input", Map.of("clusterIdentifier", id, "targetEngineVersion",
                        "8.0.mysql_aurora.3.08.2"), "executionName", "t")));
        assertTrue(refused.getMessage().contains("allowWriterReboot is false. Nothing was changed"), refused.getMessage());
        JsonNode plan = plan(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        assertEquals(id + "-replication-aurora-mysql8-0", plan.get("replicationParameterGroup").asText());
        assertTrue(plan.get("createReplicationParameterGroup").asBoolean());
        assertEquals("binlog_format", plan.get("replicationParameter").asText());
        assertEquals("ROW", plan.get("replicationValue").asText());
        assertTrue(plan.get("targetParameterGroup").isNull(), "a minor upgrade keeps blue's group");
        assertFalse(plan.get("majorVersionUpgrade").asBoolean());
        assertEquals(id + "-to-8-0-mysql-aurora-3-08-2", plan.get("deploymentName").asText());
        assertEquals(id + "-1", plan.get("writerInstanceIdentifier").asText());
        assertEquals("APPROVAL", plan.get("switchoverPolicy").asText());
        assertTrue(plan.get("allowWriterReboot").asBoolean());
        assertEquals(300, plan.get("switchoverTimeoutSeconds").asInt());
        JsonNode polling = plan.get("polling");
        assertEquals(List.of(10, 300, 240, 14400), List.of(polling.get("minSeconds").asInt(), polling.get("maxSeconds").asInt(),
                polling.get("maxAttempts").asInt(), polling.get("maxWaitSeconds").asInt()),
                "adaptive polling between 10 s and 5 min; a loop gives up after 240 checks or 4 hours");
        assertEquals(300, polling.at("/firstWaitSeconds/createBlueGreen").asInt(), "green is first checked after 5 min");
        assertEquals(45, polling.at("/firstWaitSeconds/switchover").asInt(), "a switchover, where it usually ends");
        assertEquals(86400, plan.get("approvalTimeoutSeconds").asInt());
    }

    @Test
    void aPostgresMajorUpgradePlansATargetFamilyGroup() {
        String id = provisioned("aurora-postgresql", "14.9");
        JsonNode plan = plan(id, "targetEngineVersion", "16.6", "switchoverPolicy", "auto",
                "acceptUncheckedReplicaLag", true);
        assertEquals(id + "-replication-aurora-postgresql16", plan.get("targetParameterGroup").asText());
        assertTrue(plan.get("createTargetParameterGroup").asBoolean());
        assertEquals("rds.logical_replication", plan.get("replicationParameter").asText());
        assertEquals("AUTO", plan.get("switchoverPolicy").asText());
        assertTrue(notices(plan).contains("primary key"), plan.toString());
    }

    @Test
    void postgresReplicationSettingsAreSizedByTheDatabaseCount() {
        String id = provisioned("aurora-postgresql", "14.9");
        JsonNode assumed = plan(id, "targetEngineVersion", "16.6");
        assertEquals("20", setting(assumed, "max_logical_replication_workers").get("value").asText());
        assertTrue(notices(assumed).contains("sized for up to 19 databases"), assumed.toString());
        JsonNode counted = plan(id, "targetEngineVersion", "16.6", "postgresDatabaseCount", 40);
        for (String name : new String[] {"max_replication_slots", "max_wal_senders", "max_logical_replication_workers"}) {
            assertEquals(41, setting(counted, name).get("minimum").asInt(), name);
        }
        assertEquals(42, setting(counted, "max_worker_processes").get("minimum").asInt());
        assertEquals("1", setting(counted, "rds.logical_replication").get("value").asText());
        assertNamesField("postgresDatabaseCount", assertThrows(InvalidInputException.class,
                () -> plan(id, "targetEngineVersion", "16.6", "postgresDatabaseCount", 0)));
        String mysql = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        JsonNode mysqlPlan = plan(mysql, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "postgresDatabaseCount", 3);
        assertEquals(1, mysqlPlan.get("replicationSettings").size(), "MySQL replicates with binary logs only");
        assertTrue(notices(mysqlPlan).contains("postgresDatabaseCount is ignored"), mysqlPlan.toString());
    }

    @Test
    void aNamedPostgresTargetGroupWithoutTheReplicationSettingsIsRefusedUnchanged() {
        String id = provisioned("aurora-postgresql", "14.9");
        String group = TestEmulator.uniqueId("pg16-team");
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-postgresql16")
                .description("team"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                x -> x.parameterName("rds.logical_replication").parameterValue("1").applyMethod("pending-reboot"),
                x -> x.parameterName("max_logical_replication_workers").parameterValue("4").applyMethod("pending-reboot")));
        var e = assertThrows(BlueGreenBlockerException.class, () -> plan(id, "targetEngineVersion", "16.6",
                "targetDBClusterParameterGroupName", group, "postgresDatabaseCount", 6));
        assertTrue(e.getMessage().contains("max_logical_replication_workers must be at least 7 (is 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("max_wal_senders must be at least 7 (is the engine default)"), e.getMessage());
        assertEquals("4", new dev.auroraupgrade.rds.RdsLookup(rds).clusterParameter(group, "max_logical_replication_workers"),
                "a group the DBA named is never changed");
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                x -> x.parameterName("max_logical_replication_workers").parameterValue("8").applyMethod("pending-reboot"),
                x -> x.parameterName("max_replication_slots").parameterValue("8").applyMethod("pending-reboot"),
                x -> x.parameterName("max_wal_senders").parameterValue("8").applyMethod("pending-reboot")));
        assertEquals(group, plan(id, "targetEngineVersion", "16.6", "targetDBClusterParameterGroupName", group,
                "postgresDatabaseCount", 6).get("targetParameterGroup").asText());
    }

    private static JsonNode setting(JsonNode plan, String name) {
        return StreamSupport.stream(plan.get("replicationSettings").spliterator(), false)
                .filter(n -> n.get("name").asText().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void aSharedCustomGroupIsCopiedNotChanged() {
        String a = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String b = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String group = TestEmulator.uniqueId("shared");
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("shared"));
        for (String id : new String[] {a, b}) {
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName(group).applyImmediately(true));
        }
        TestEmulator.get().statuses().reset(); // only the association above was pending a reboot
        JsonNode plan = plan(a, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        String copy = a + "-replication-aurora-mysql8-0";
        assertTrue(plan.get("createReplicationParameterGroup").asBoolean());
        assertEquals(copy, plan.get("replicationParameterGroup").asText());
        assertTrue(notices(plan).contains("is shared with " + b), plan.toString());
        TestEmulator.invoke(new dev.auroraupgrade.bluegreen.PrepareBlueReplication(rds), Map.of("plan", plan));
        var lookup = new dev.auroraupgrade.rds.RdsLookup(rds);
        assertEquals("ROW", lookup.clusterParameter(copy, "binlog_format"));
        assertTrue(lookup.clusterParameter(group, "binlog_format") == null, "the shared group is not changed");
        assertEquals(group, lookup.cluster(b).orElseThrow().dbClusterParameterGroup());
        assertEquals(copy, lookup.cluster(a).orElseThrow().dbClusterParameterGroup());
    }

    @Test
    void versionsAreCheckedBeforeAnyChange() {
        String pg = provisioned("aurora-postgresql", "14.8");
        var e = assertThrows(UnsupportedEngineVersionException.class, () -> plan(pg, "targetEngineVersion", "16.6"));
        assertTrue(e.getMessage().contains("does not support Blue/Green deployments"), e.getMessage());
        String mysql = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        assertThrows(UnsupportedEngineVersionException.class, () -> plan(mysql, "targetEngineVersion", "8.0.mysql_aurora.3.03.1"));
        assertThrows(UnsupportedEngineVersionException.class, () -> plan(mysql, "targetEngineVersion", "16.6"));
    }

    @Test
    void badSettingsNameTheirField() {
        String id = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        assertNamesField("switchoverPolicy", assertThrows(InvalidInputException.class,
                () -> plan(id, "switchoverPolicy", "MAYBE")));
        assertNamesField("switchoverTimeoutSeconds", assertThrows(InvalidInputException.class,
                () -> plan(id, "switchoverTimeoutSeconds", 10)));
        assertNamesField("switchoverTimeoutSeconds", assertThrows(InvalidInputException.class,
                () -> plan(id, "switchoverTimeoutSeconds", 4000)));
        assertNamesField("maxReplicaLagSeconds", assertThrows(InvalidInputException.class,
                () -> plan(id, "maxReplicaLagSeconds", -1)));
        assertNamesField("allowWriterReboot", assertThrows(InvalidInputException.class,
                () -> plan(id, "allowWriterReboot", "yes")));
        assertNamesField("targetDBClusterParameterGroupName", assertThrows(InvalidInputException.class,
                () -> plan(id, "targetDBClusterParameterGroupName", "no-such-group")));
        // An old blue is retired 1 h to 30 days after the switchover, and only after one this run makes.
        for (int hours : new int[] {0, 721, -1}) {
            var e = assertThrows(InvalidInputException.class, () -> plan(id, "retireOldBlueAfterHours", hours));
            assertNamesField("retireOldBlueAfterHours", e);
            assertTrue(e.getMessage().contains("outside 1..720"), e.getMessage());
        }
        assertNamesField("retireOldBlueAfterHours", assertThrows(InvalidInputException.class,
                () -> plan(id, "retireOldBlueAfterHours", 1.5)));
        var none = assertThrows(InvalidInputException.class, () -> plan(id, "retireOldBlueAfterHours", 24,
                "switchoverPolicy", "NONE"));
        assertNamesField("retireOldBlueAfterHours", none);
        assertTrue(none.getMessage().contains("NONE"), none.getMessage());
    }

    @Test
    void aVersionTheClusterAlreadyRunsIsNothingToDeploy() {
        String id = provisioned("aurora-mysql", "8.0.mysql_aurora.3.08.2");
        var e = assertThrows(InvalidInputException.class, () -> plan(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertNamesField("targetEngineVersion", e);
        assertTrue(e.getMessage().contains("nothing to deploy"), e.getMessage());
    }

    @Test
    void anotherDeploymentOnTheClusterIsAConflict() {
        String id = provisioned("aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String arn = rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0).dbClusterArn();
        rds.createBlueGreenDeployment(r -> r.blueGreenDeploymentName(TestEmulator.uniqueId("someone-else")).source(arn));
        var e = assertThrows(ResourceConflictException.class, () -> plan(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertTrue(e.getMessage().contains("already exists on cluster"), e.getMessage());
    }

    @Test
    void aSecretsManagerMasterPasswordIsANamedBlocker() {
        // moto serves MasterUserSecret for a cluster created with ManageMasterUserPassword.
        String id = TestEmulator.uniqueId("pbg-secret");
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.04.0")
                .masterUsername("dbadmin").manageMasterUserPassword(true));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        assertTrue(TestEmulator.get().cleanRds().describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0)
                .masterUserSecret() != null, "the emulator holds a managed master password");
        var e = assertThrows(BlueGreenBlockerException.class, () -> plan(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertTrue(e.getMessage().contains("Secrets Manager"), e.getMessage());
    }

    private static String notices(JsonNode plan) {
        return String.join(" | ", StreamSupport.stream(plan.get("notices").spliterator(), false).map(JsonNode::asText).toList());
    }

    @Test
    void autoOnPostgresqlNeedsConsentToUncheckedLag() {
        String id = provisioned("aurora-postgresql", "14.9");
        var e = assertThrows(InvalidInputException.class, () -> plan(id, "targetEngineVersion", "16.6",
                "switchoverPolicy", "AUTO"));
        assertTrue(e.getMessage().contains("no seconds-based lag metric"), e.getMessage());
        JsonNode accepted = plan(id, "targetEngineVersion", "16.6", "switchoverPolicy", "AUTO", "acceptUncheckedReplicaLag", true);
        assertTrue(accepted.get("acceptUncheckedReplicaLag").asBoolean());
        assertEquals("APPROVAL", plan(id, "targetEngineVersion", "16.6").get("switchoverPolicy").asText());
    }

    @Test
    void theClusterMustExist() {
        var e = assertThrows(RuntimeException.class, () -> plan("no-such-cluster-here"));
        assertEquals("SourceClusterNotFoundException", e.getClass().getSimpleName());
    }

    /** The error names the field as the operator typed it. */
    private static void assertNamesField(String field, Exception e) {
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("Invalid input: '" + field + "'"), e.getMessage());
    }
}
