package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster AWS converted from Serverless v1 sits at an RDS Extended Support minor new clusters cannot use
 * (aurora-mysql 5.7.mysql_aurora.2.11.4). RDS lists it only with IncludeAll, and reaches some 3.x versions from it
 * directly (3.05.2, as the fixture has it from the Aurora MySQL upgrade tutorial) and later ones only after a minor
 * upgrade to 2.12. The plan must say which before anything changes; the run makes the hop only when allowed.
 */
class UpgradePathTest extends WorkflowTestSupport {
    private static final String CONVERTED = "5.7.mysql_aurora.2.11.4";
    /** The report's case: direct from 2.11.4. */
    private static final String DIRECT = "8.0.mysql_aurora.3.05.2";
    /** Not direct from 2.11.x: through 2.12 first. */
    private static final String TARGET = "8.0.mysql_aurora.3.08.2";
    private static final String HOP = "5.7.mysql_aurora.2.12.6";

    UpgradePathTest() {
        super(BlueGreenWorkflowTest.MACHINE, "path", Duration.ofMinutes(3));
    }

    @Test
    void theReportedCaseAConvertedClusterAt2114PlansAndReaches3052Directly() throws Exception {
        // Before the fix the plan said PLANNED and the run changed blue's group and rebooted its writer, then failed
        // at CreateBlueGreenDeployment: neither RDS (as the fixture had it) nor the plan knew 2.11.4.
        String id = TestEmulator.uniqueId("path-direct");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", CONVERTED);
        JsonNode plan = planOf(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", DIRECT, "dryRun", true));
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertEquals("DescribeDBEngineVersions", plan.get("engineVersionSource").asText());
        assertTrue(plan.get("interruption").asText().startsWith("the reboot of blue's writer")
                && plan.get("interruption").asText().contains(", then the switchover")
                && !plan.get("interruption").asText().contains("minor upgrade"), plan.toString());
        var running = start(input(id, "targetEngineVersion", DIRECT));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        assertEquals(DIRECT, cluster(id).engineVersion());
        assertEquals(CONVERTED, cluster(id + "-old1").engineVersion());
        assertEquals(0, ex.entered("UpgradeBlueMinorVersion"), "no hop on a direct path");
        assertEquals(List.of("preflight", "replication", "targetParameterGroup", "createDeployment", "switchover", "finalize"),
                texts(TestEmulator.JSON.readTree(ex.output()).get("steps"), "step"));
    }

    @Test
    void aBlueGreenPlanFromAConvertedMinorRefusesATargetRdsReachesOnlyAfterAMinorUpgradeAndTheRunChangesNothing() throws Exception {
        String id = TestEmulator.uniqueId("path-bg");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", CONVERTED);
        String groupBefore = cluster(id).dbClusterParameterGroup();
        int mark = env.rdsCalls().mark();
        JsonNode plan = planOf(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TARGET, "dryRun", true));
        assertEquals("BLOCKED", plan.get("status").asText(), "before the fix this said PLANNED: " + plan);
        JsonNode blocker = plan.get("blockers").get(0);
        assertEquals("UnsupportedEngineVersionException", blocker.get("error").asText());
        assertTrue(blocker.get("message").asText().contains(HOP) && blocker.get("message").asText()
                .contains("allowMinorUpgradeFirst"), blocker.toString());

        // The real run, as the new user in the report tried it: it must stop before blue's group or writer is touched.
        var ex = run(input(id, "targetEngineVersion", TARGET));
        assertEquals("FAILED", ex.status());
        assertEquals("UnsupportedEngineVersionException", ex.error(), ex.cause());
        assertEquals(0, ex.entered("PrepareBlueReplication"));
        assertNoChange(mark);
        assertEquals(groupBefore, cluster(id).dbClusterParameterGroup(), "blue keeps its parameter group");
        assertEquals(CONVERTED, cluster(id).engineVersion());
    }

    @Test
    void withTheHopAllowedBlueIsUpgradedToTheMinorFirstThenGreenIsCreatedAtTheTargetAndSwitchedOver() throws Exception {
        String id = TestEmulator.uniqueId("path-hop");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", CONVERTED);
        int mark = env.rdsCalls().mark();
        JsonNode plan = planOf(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TARGET,
                "allowMinorUpgradeFirst", true, "dryRun", true));
        assertNoChange(mark);
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("interruption").asText().startsWith("the restart of the minor upgrade to " + HOP
                        + ", then the reboot of blue's writer") && plan.get("interruption").asText().contains(", then the switchover"),
                plan.toString());
        assertTrue(plan.get("wouldChange").toString().contains(CONVERTED + " -> " + HOP + " first"), plan.toString());

        var running = start(input(id, "targetEngineVersion", TARGET, "allowMinorUpgradeFirst", true));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(TARGET, cluster(id).engineVersion());
        assertEquals(HOP, cluster(id + "-old1").engineVersion(), "old blue is the cluster as the hop left it");
        assertEquals(List.of("preflight", "minorUpgrade", "replication", "targetParameterGroup", "createDeployment",
                "switchover", "finalize"), texts(out.get("steps"), "step"));
        assertTrue(ex.entered("CheckMinorUpgrade") >= 2, "the run waited for the upgrade to finish");
        List<RdsCallLog.Call> changes = env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList();
        assertEquals("ModifyDBCluster", changes.get(0).operation(), changes.toString());
        assertTrue(changes.get(0).request().contains("EngineVersion=" + HOP), "the first change to blue is the minor "
                + "upgrade: " + changes.get(0));
    }

    @Test
    void theInPlaceRouteRefusesTheSamePathBeforeItsIrreversibleConversionAndPlansTheHopWhenAllowed() throws Exception {
        String id = TestEmulator.uniqueId("path-v1");
        DemoClusters.createV1(rds, id, "aurora-mysql", CONVERTED, 1, 8);
        int mark = env.rdsCalls().mark();
        Map<String, Object> in = Map.of("clusterIdentifier", id, "targetEngineVersion", TARGET,
                "allowEngineModeConversion", true, "allowWriterReboot", true, "dryRun", true);
        JsonNode refused = planOf(InPlaceWorkflowTest.MACHINE, in);
        assertEquals("BLOCKED", refused.get("status").asText(), refused.toString());
        assertTrue(refused.get("blockers").get(0).get("message").asText().contains("allowMinorUpgradeFirst"), refused.toString());

        var allowed = new java.util.HashMap<>(in);
        allowed.put("allowMinorUpgradeFirst", true);
        JsonNode plan = planOf(InPlaceWorkflowTest.MACHINE, allowed);
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("interruption").asText().startsWith("the restart of the minor upgrade to " + HOP), plan.toString());
        assertNoChange(mark);
    }

    @Test
    void anInPlaceRunWithTheHopTheWriterRebootAndTheRestoreListsEachInterruptionWithItsMeasuredSeconds() throws Exception {
        // Before: only the switchover was listed (as text), though the minor upgrade restarted blue, its writer rebooted
        // for the replication group and the upgraded writer rebooted for the restored setting.
        String id = TestEmulator.uniqueId("path-int");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", CONVERTED);
        var running = env.start(InPlaceWorkflowTest.MACHINE, TestEmulator.uniqueId("path-ip"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", TARGET, "allowMinorUpgradeFirst", true,
                        "restoreReplicationSettings", true, "maxCapacity", 8.0)));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(TARGET, cluster(id).engineVersion());
        assertEquals(List.of("minorUpgrade", "rebootWriter", "switchover", "restoreReplication"),
                InPlaceWorkflowTest.interruptionSteps(out), out.get("interruptions").toString());
        JsonNode minor = out.get("interruptions").get(0);
        assertTrue(minor.get("what").asText().contains("minor upgrade of blue to " + HOP), minor.toString());
        assertTrue(minor.get("measured").asText().startsWith("from the request to the first check that saw blue available "
                + "at " + HOP), minor.toString());
        assertEquals(out.get("switchoverSeconds").asLong(), out.get("interruptions").get(2).get("seconds").asLong());
        assertTrue(out.get("interruptions").get(3).get("what").asText().contains("restored binlog_format"), out.toString());
    }

    @Test
    void aVersionRdsDoesNotListAtAllAndATargetNoLongerAvailableAreRefusedByName() throws Exception {
        String unlisted = TestEmulator.uniqueId("path-old");
        DemoClusters.createProvisioned(rds, unlisted, "aurora-mysql", "5.7.mysql_aurora.2.07.2");
        JsonNode plan = planOf(BlueGreenWorkflowTest.MACHINE, input(unlisted, "targetEngineVersion", TARGET, "dryRun", true));
        assertEquals("BLOCKED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("blockers").get(0).get("message").asText().contains("does not list the cluster's version"), plan.toString());

        String converted = TestEmulator.uniqueId("path-es");
        DemoClusters.createProvisioned(rds, converted, "aurora-mysql", "5.7.mysql_aurora.2.11.2");
        JsonNode deprecated = planOf(BlueGreenWorkflowTest.MACHINE, input(converted, "targetEngineVersion", CONVERTED,
                "dryRun", true));
        assertEquals("BLOCKED", deprecated.get("status").asText(), deprecated.toString());
        assertTrue(deprecated.get("blockers").get(0).get("message").asText().contains("listed as 'deprecated'"), deprecated.toString());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asText()));
        return values;
    }

    private JsonNode planOf(String machine, Map<String, Object> input) throws Exception {
        var ex = env.execute(machine, TestEmulator.uniqueId("path-dry"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(2));
        assertSucceeded(ex);
        return TestEmulator.JSON.readTree(ex.output());
    }

    private void assertNoChange(int mark) {
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList(),
                "no mutating RDS call");
    }
}
