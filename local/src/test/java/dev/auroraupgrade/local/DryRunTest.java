package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.rds.RdsLookup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * "dryRun": true on each workflow's real definition: the execution succeeds with the plan, and no handler makes a
 * single mutating RDS call (counted on the local layer, which sees every call before IAM or moto answer).
 */
class DryRunTest {
    private LocalEnvironment env;
    private RdsClient rds;
    private RdsLookup lookup;

    @BeforeEach
    void emulator() {
        env = TestEmulator.get();
        rds = env.cleanRds();
        lookup = new RdsLookup(rds);
    }

    @Test
    void aMigrationDryRunNamesEverythingItWouldCreateAndChangesNothing() throws Exception {
        String id = TestEmulator.uniqueId("dry-mig");
        DemoClusters.createV1(rds, id, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
        int mark = env.rdsCalls().mark();
        JsonNode report = planOf("MigrateServerlessV1ToV2StateMachine", Map.of("sourceClusterIdentifier", id,
                "dryRun", true));
        assertNoChange(mark);
        assertEquals("PLANNED", report.get("status").asText(), report.toString());
        assertEquals("migrate", report.get("workflow").asText());
        assertTrue(report.get("wouldCreate").toString().contains(id + "-v2"), report.toString());
        assertTrue(report.get("interruption").asText().startsWith("offline from the snapshot"), report.toString());
        assertTrue(report.get("engineVersionSource").asText().length() > 0);
        assertTrue(lookup.cluster(id + "-v2").isEmpty(), "no target cluster");
        assertTrue(rds.describeDBClusterSnapshots(r -> r.dbClusterIdentifier(id).snapshotType("manual")).dbClusterSnapshots().isEmpty(), "no snapshot");
    }

    @Test
    void aBlueGreenDryRunNamesTheRebootItWouldNeedAsABlockerWhenRebootsAreNotAllowed() throws Exception {
        String id = TestEmulator.uniqueId("dry-bg");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        int mark = env.rdsCalls().mark();
        JsonNode report = planOf("BlueGreenUpgradeStateMachine", Map.of("clusterIdentifier", id,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "dryRun", true));
        assertNoChange(mark);
        assertEquals("BLOCKED", report.get("status").asText(), "the default group needs a writer reboot: " + report);
        assertEquals("WriterRebootRequiredException", report.get("blockers").get(0).get("error").asText());
        assertTrue(report.get("wouldCreate").toString().contains("Blue/Green deployment"), report.toString());
        assertTrue(lookup.blueGreenBySource(lookup.cluster(id).orElseThrow().dbClusterArn()).isEmpty());

        JsonNode allowed = planOf("BlueGreenUpgradeStateMachine", Map.of("clusterIdentifier", id,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "allowWriterReboot", true, "dryRun", true));
        assertEquals("PLANNED", allowed.get("status").asText(), allowed.toString());
        assertTrue(allowed.get("wouldRebootOrFailOver").toString().contains(id + "-1"), allowed.toString());
        // The reboot that applies blue's new group is an interruption of the live cluster, before green exists.
        assertTrue(allowed.get("interruption").asText().startsWith("the reboot of blue's writer " + id + "-1 if binlog_format "
                + "is not applied after the group change (allowWriterReboot), then the switchover"), allowed.toString());
        assertTrue(allowed.get("wouldDelete").isEmpty(), "old blue is kept by default: " + allowed);
        assertEquals("when you delete it", allowed.get("extendedSupport").get("oldBlueChargeStops").asText());

        JsonNode retiring = planOf("BlueGreenUpgradeStateMachine", Map.of("clusterIdentifier", id,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "allowWriterReboot", true, "retireOldBlueAfterHours", 48,
                "dryRun", true));
        String deleted = retiring.get("wouldDelete").get(0).asText();
        assertTrue(deleted.startsWith("old blue " + id + "-oldN") && deleted.contains("48 h after the switchover")
                && deleted.contains("final snapshot " + id + "-oldN-final-"), deleted);
        assertTrue(retiring.get("targetLoses").get(0).asText().contains("then this run snapshots it"), retiring.toString());
        assertTrue(retiring.get("extendedSupport").get("oldBlueChargeStops").asText().startsWith("48 h after the switchover"),
                retiring.get("extendedSupport").toString());
        assertEquals(48, retiring.get("plan").get("retireOldBlueAfterHours").asInt());
        assertEquals(48 * 3600, retiring.get("plan").get("retireOldBlueWaitSeconds").asInt());
        assertNoChange(mark);
    }

    @Test
    void anInPlaceDryRunOfARefusedClusterIsStillAPlanThatSaysWhy() throws Exception {
        String id = TestEmulator.uniqueId("dry-v1");
        DemoClusters.createV1(rds, id, "aurora-postgresql", "13.12", 2, 16);
        int mark = env.rdsCalls().mark();
        JsonNode report = planOf("ServerlessV2InPlaceStateMachine", Map.of("clusterIdentifier", id, "dryRun", true));
        assertNoChange(mark);
        assertEquals("BLOCKED", report.get("status").asText());
        assertEquals(id, report.get("clusterIdentifier").asText());
        JsonNode blocker = report.get("blockers").get(0);
        assertEquals("InvalidInputException", blocker.get("error").asText());
        assertTrue(blocker.get("message").asText().contains("allowEngineModeConversion"), blocker.toString());
        assertEquals("serverless", lookup.cluster(id).orElseThrow().engineMode());
        // Refused before its plan, the cluster still stands as it is: its engine and version, and no figure for a v1
        // cluster (its capacity is no instance; pricing none would read as free).
        JsonNode standing = report.get("standing");
        assertEquals(List.of("aurora-postgresql", "13.12"), List.of(standing.get("engine").asText(),
                standing.get("engineVersionBefore").asText()), standing.toString());
        assertTrue(standing.get("monthlyExtendedSupport").isNull(), "unknown, never 0: " + standing);

        String converted = TestEmulator.uniqueId("dry-ip");
        DemoClusters.createConvertedV1(rds, converted, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
        JsonNode plan = planOf("ServerlessV2InPlaceStateMachine", Map.of("clusterIdentifier", converted,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "dryRun", true));
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        // One interruption: green moves to db.serverless inside the nested Blue/Green, before its switchover.
        assertEquals("the Blue/Green switchover only (green moves to db.serverless before it)", plan.get("interruption").asText());
        assertTrue(!plan.get("notices").toString().contains("an interruption before the switchover"), plan.toString());

        // On blue's default group the nested Blue/Green must change it, and the reboot that applies it is said.
        String defaults = TestEmulator.uniqueId("dry-ipr");
        DemoClusters.createProvisioned(rds, defaults, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        JsonNode rebooting = planOf("ServerlessV2InPlaceStateMachine", Map.of("clusterIdentifier", defaults,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "allowWriterReboot", true, "dryRun", true));
        assertEquals("PLANNED", rebooting.get("status").asText(), rebooting.toString());
        assertTrue(rebooting.get("notices").toString().contains("an interruption before the switchover: the nested "
                + "Blue/Green reboots the live writer " + defaults + "-1 once if binlog_format is not applied"), rebooting.toString());
        assertEquals(2, plan.get("wouldDelete").size(), plan.toString());
        assertTrue(plan.get("wouldDelete").get(0).asText().startsWith("green's copy of provisioned instance "), plan.toString());
        assertTrue(plan.get("wouldRebootOrFailOver").get(0).asText().contains(converted + "-serverless-1"));
        assertTrue(plan.get("wouldRebootOrFailOver").get(0).asText().contains("the live cluster does not fail over"),
                plan.toString());
        // The cost of standing still: aurora-mysql 5.7 is charged from 2024-12-01, at the year-1 rate in every support
        // year (Aurora MySQL has no year-3 rate): two db.r5.large, 4 vCPU x $0.100 x 730 h. After the upgrade the
        // cluster pays none, but the old blue the nested Blue/Green leaves keeps both instances on 5.7.
        JsonNode cost = plan.get("extendedSupport");
        assertTrue(cost.get("inExtendedSupport").asBoolean(), cost.toString());
        assertEquals("2024-12-01", cost.get("chargesFrom").asText(), cost.toString());
        assertEquals(292.00, cost.get("monthlyNow").asDouble(), cost.toString());
        assertEquals(292.00, cost.get("monthlyOldBlue").asDouble(), cost.toString());
        assertEquals(292.00, cost.get("monthlyAfter").asDouble(), "the old blue keeps paying: " + cost);
        assertTrue(cost.get("priceAsOf").asText().startsWith("2026"), cost.toString());
        // Retired a day after the switchover, the old blue's 292.00 a month stops then: about a day's share of it.
        JsonNode retiring = planOf("ServerlessV2InPlaceStateMachine", Map.of("clusterIdentifier", converted,
                "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "retireOldBlueAfterHours", 24, "dryRun", true));
        JsonNode retiredCost = retiring.get("extendedSupport");
        assertEquals(292.00, retiredCost.get("monthlyOldBlue").asDouble(), retiredCost.toString());
        assertEquals(0.00, retiredCost.get("monthlyAfter").asDouble(), "the old blue is gone within the month: " + retiredCost);
        assertTrue(retiredCost.get("oldBlueChargeStops").asText().contains("24 h after the switchover")
                && retiredCost.get("oldBlueChargeStops").asText().contains("about 9.6"), retiredCost.toString());
        assertTrue(retiring.get("wouldDelete").toString().contains("24 h after the switchover"), retiring.toString());
        assertEquals(24, retiring.get("plan").get("blueGreenInput").get("retireOldBlueAfterHours").asInt());
        assertNoChange(mark);
        assertEquals(2, lookup.clusterInstances(converted).size(), "no instance added");
    }

    @Test
    void dryRunMustBeABoolean() throws Exception {
        var ex = env.execute("BlueGreenUpgradeStateMachine", TestEmulator.uniqueId("dry"), "{\"clusterIdentifier\":\"x\","
                + "\"dryRun\":\"yes\"}", Duration.ofMinutes(1));
        assertEquals("InvalidInputException", ex.error());
        assertTrue(ex.cause().contains("dryRun"), ex.cause());
    }

    private JsonNode planOf(String machine, Map<String, Object> input) throws Exception {
        var ex = env.execute(machine, TestEmulator.uniqueId("dry"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(2));
        assertEquals("SUCCEEDED", ex.status(), () -> ex.error() + ": " + ex.cause());
        assertEquals(0, ex.entered("NotifyStarted"), "a dry run ends after its pre-flight");
        return TestEmulator.JSON.readTree(ex.output());
    }

    private void assertNoChange(int mark) {
        List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
        assertTrue(!calls.isEmpty(), "the pre-flight read RDS");
        assertEquals(List.of(), calls.stream().filter(RdsCallLog.Call::mutating).toList(), "no mutating RDS call");
    }
}
