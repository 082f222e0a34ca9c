package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * restoreReplicationSettings (issue 20 item 4): the replication setting a Blue/Green run turned on goes back after a
 * successful switchover, in the upgraded cluster's group (green's, which this run created), with the writer's reboot
 * only under allowWriterReboot; the old blue's group and any group the DBA named are never changed; a plan says so
 * beforehand, and says when a minimum of 0 ACU will not pause.
 */
class ReplicationRestoreTest extends WorkflowTestSupport {
    private static final String FROM = "8.0.mysql_aurora.3.04.0";
    private static final String TO = "8.0.mysql_aurora.3.08.2";

    ReplicationRestoreTest() {
        super(BlueGreenWorkflowTest.MACHINE, "restore", Duration.ofMinutes(3));
    }

    @Test
    void mysqlBinlogGoesBackOffOnTheUpgradedClusterAfterTheSwitchoverAndItsWriterIsRebootedOnce() throws Exception {
        String id = TestEmulator.uniqueId("rst-my");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM); // the default group: binlog_format OFF
        String green = id + "-green-aurora-mysql8-0";
        String replication = id + "-replication-aurora-mysql8-0";
        JsonNode plan = dryRun(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true));
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("notices").toString().contains("restoreReplicationSettings: after the switchover binlog_format "
                + "goes back to OFF in " + green), plan.toString());
        assertTrue(plan.get("wouldChange").toString().contains("cluster parameter group " + green + ": binlog_format -> OFF "
                + "after the switchover"), plan.toString());
        assertTrue(plan.get("wouldRebootOrFailOver").toString().contains("rebooted once after the switchover"), plan.toString());
        assertTrue(plan.get("interruption").asText().endsWith("then the writer's reboot that applies the restored "
                + "binlog_format"), plan.toString());

        int mark = env.rdsCalls().mark();
        var running = start(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true));
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(green, cluster(id).dbClusterParameterGroup(), "the upgraded cluster runs green's own group");
        assertEquals("OFF", lookup.clusterParameter(green, "binlog_format"), "binlog is off again where the cluster runs");
        assertEquals("ROW", lookup.clusterParameter(replication, "binlog_format"), "old blue's group is not changed");
        assertEquals(replication, cluster(id + "-old1").dbClusterParameterGroup());
        DBClusterMember writer = cluster(id).dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter)
                .findFirst().orElseThrow();
        assertEquals("in-sync", writer.dbClusterParameterGroupStatus(), "the writer was rebooted and applied it");
        JsonNode report = out.get("replicationSettings");
        assertEquals("RESTORED", report.get("status").asText(), report.toString());
        assertEquals("OFF", report.get("value").asText());
        assertEquals(green, report.get("parameterGroup").asText());
        assertTrue(report.get("writerRebootSeconds").isIntegralNumber(), "the reboot is measured: " + report);
        List<String> reboots = env.rdsCalls().since(mark).stream().filter(c -> c.operation().equals("RebootDBInstance"))
                .map(RdsCallLog.Call::function).toList();
        assertEquals(2, reboots.size(), "blue's writer before the deployment, the upgraded writer after: " + reboots);
        assertTrue(ex.entered("CheckRestoredReplication") >= 1, "waited for the writer to apply it");
        assertTrue(texts(out.get("steps"), "step").contains("restoreReplication"), out.toString());
    }

    @Test
    void postgresLogicalReplicationGoesBackOffInTheTargetFamilyGroupAndThePlanNamesTheReplicationSlots() throws Exception {
        String id = TestEmulator.uniqueId("rst-pg");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        String target = id + "-replication-aurora-postgresql16";
        JsonNode plan = dryRun(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true,
                "restoreReplicationSettings", true));
        assertTrue(plan.get("notices").toString().contains("rds.logical_replication goes back to 0 in " + target)
                && plan.get("notices").toString().contains("pg_replication_slots"), plan.toString());
        var ex = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true,
                "restoreReplicationSettings", true));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("16.6", cluster(id).engineVersion());
        assertEquals(target, cluster(id).dbClusterParameterGroup());
        assertEquals("0", lookup.clusterParameter(target, "rds.logical_replication"), "logical replication is off again");
        assertEquals("1", lookup.clusterParameter(id + "-replication-aurora-postgresql14", "rds.logical_replication"),
                "old blue's group is not changed");
        assertEquals("RESTORED", out.get("replicationSettings").get("status").asText(), out.toString());
    }

    @Test
    void aRerunAfterAnEarlierRunTurnedBinlogOnStillKnowsWhatBlueHadAndPutsItBack() throws Exception {
        String id = TestEmulator.uniqueId("rst-again");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String replication = id + "-replication-aurora-mysql8-0";
        String original = cluster(id).dbClusterParameterGroup(); // a default group (moto names it its own way)
        // The first run turns binlog on (blue now runs this upgrade's copy) and fails before green exists.
        env.iam().revoke("CreateBlueGreenDeploymentFunction", "rds:CreateBlueGreenDeployment");
        var failed = run(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true));
        assertEquals("FAILED", failed.status());
        assertEquals(replication, cluster(id).dbClusterParameterGroup(), "blue kept the copy the first run gave it");
        env.iam().restoreAll();

        JsonNode plan = dryRun(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true));
        assertTrue(plan.get("notices").toString().contains("an earlier run of this upgrade turned binlog_format on for '"
                + id + "' (its copy " + replication + " of " + original + ")"), plan.toString());
        var running = start(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true));
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode report = TestEmulator.JSON.readTree(ex.output()).get("replicationSettings");
        assertEquals("RESTORED", report.get("status").asText(), report.toString());
        assertEquals("OFF", lookup.clusterParameter(id + "-green-aurora-mysql8-0", "binlog_format"));
    }

    @Test
    void withoutAllowWriterRebootTheSettingIsBackInTheGroupAndWaitsForTheNextReboot() throws Exception {
        // A real run without allowWriterReboot cannot turn binlog on (blue's writer must reboot first: the run stops
        // with WriterRebootRequired). The emulator applies blue's change at once so that the run reaches the restore;
        // from green's creation on, parameter changes wait for a reboot again, as on Aurora.
        String id = TestEmulator.uniqueId("rst-nr");
        String own = id + "-team";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(own).dbParameterGroupFamily("aurora-mysql8.0")
                .description("team settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(own).parameters(
                p -> p.parameterName("binlog_format").parameterValue("OFF").applyMethod("pending-reboot")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion(FROM)
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(own));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        String green = id + "-green-aurora-mysql8-0";
        JsonNode plan = dryRun(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true,
                "allowWriterReboot", false));
        assertTrue(plan.get("notices").toString().contains("which waits for the next one: allowWriterReboot is false"),
                plan.toString());
        assertTrue(!plan.get("wouldRebootOrFailOver").toString().contains("after the switchover"), plan.toString());

        env.statuses().setParameterChangesNeedReboot(false);
        int mark = env.rdsCalls().mark();
        var running = start(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true,
                "allowWriterReboot", false));
        String greenCluster = greenOf(id);
        env.statuses().setParameterChangesNeedReboot(true);
        putLag(greenCluster, 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode report = TestEmulator.JSON.readTree(ex.output()).get("replicationSettings");
        assertEquals("PENDING_REBOOT", report.get("status").asText(), report.toString());
        assertEquals("OFF", lookup.clusterParameter(green, "binlog_format"), "blue's own value, back in green's group");
        assertEquals("pending-reboot", report.get("writerParameterStatus").asText(), report.toString());
        assertTrue(report.get("writerRebootSeconds").isNull(), "no reboot: " + report);
        assertTrue(report.get("detail").asText().contains("applies only at the next reboot"), report.toString());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(c -> c.operation().equals("RebootDBInstance"))
                .toList(), "no reboot without allowWriterReboot");
        assertEquals("OFF", lookup.clusterParameter(own, "binlog_format"), "blue's own group, which this run changed "
                + "and recorded, has its value back (pending the old blue's reboot, not made)");
        assertEquals(null, recordOn(own), "the record is removed once restored");
    }

    @Test
    void aRerunAfterARunTurnedBinlogOnInBluesOwnGroupAndFailedKnowsFromItsRecordAndPutsTheValueBack() throws Exception {
        // Before: blue's own (unshared) group held ROW after the failed run, with nothing saying the tool set it, so the
        // re-run reported it as the DBA's (NOT_NEEDED) and the restore put nothing back.
        String id = TestEmulator.uniqueId("rst-rec");
        String own = id + "-team";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(own).dbParameterGroupFamily("aurora-mysql8.0")
                .description("team settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(own).parameters(
                p -> p.parameterName("binlog_format").parameterValue("OFF").applyMethod("pending-reboot")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion(FROM)
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(own));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        env.iam().revoke("CreateBlueGreenDeploymentFunction", "rds:CreateBlueGreenDeployment");
        var failed = run(input(id, "targetEngineVersion", TO));
        env.iam().restoreAll();
        assertEquals("FAILED", failed.status(), failed.cause());
        assertEquals(own, cluster(id).dbClusterParameterGroup(), "binlog was turned on in blue's own group, not a copy");
        assertEquals("ROW", lookup.clusterParameter(own, "binlog_format"));
        assertEquals(id + ":binlog_format=OFF", recordOn(own), "the run recorded what it changed there");

        Map<String, Object> in = input(id, "targetEngineVersion", TO, "restoreReplicationSettings", true);
        JsonNode plan = dryRun(in);
        assertTrue(plan.get("notices").toString().contains("an earlier run of this tool turned binlog_format on in blue's "
                + "own group " + own + " (its tag aurora-upgrade:replication-turned-on says binlog_format was OFF before)"),
                plan.toString());
        assertTrue(!plan.get("notices").toString().contains("there is nothing to put back"), plan.toString());
        var running = start(in);
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode report = TestEmulator.JSON.readTree(ex.output()).get("replicationSettings");
        assertEquals("RESTORED", report.get("status").asText(), report.toString());
        assertEquals("OFF", report.get("valueBefore").asText(), report.toString());
        assertEquals("OFF", lookup.clusterParameter(cluster(id).dbClusterParameterGroup(), "binlog_format"),
                "off again where the upgraded cluster runs");
        assertEquals("OFF", lookup.clusterParameter(own, "binlog_format"), "blue's own group has its value back");
        assertEquals(null, recordOn(own), "the record is removed once restored");
    }

    /** The value of the record a run leaves on a group it changed, or null. */
    private String recordOn(String group) {
        String arn = lookup.clusterParameterGroup(group).orElseThrow().dbClusterParameterGroupArn();
        return dev.auroraupgrade.rds.OwnershipTags.value(rds.listTagsForResource(r -> r.resourceName(arn)).tagList(),
                dev.auroraupgrade.rds.OwnershipTags.REPLICATION_TURNED_ON);
    }

    @Test
    void aGroupTheDbaNamedIsNeverChangedAndTheRefusalIsInThePlanAndTheOutputNotAFailure() throws Exception {
        String id = TestEmulator.uniqueId("rst-own");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        String theirs = id + "-dba16";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(theirs)
                .dbParameterGroupFamily("aurora-postgresql16").description("the DBA's own"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(theirs).parameters(
                p -> p.parameterName("rds.logical_replication").parameterValue("1").applyMethod("pending-reboot"),
                p -> p.parameterName("max_replication_slots").parameterValue("40").applyMethod("pending-reboot"),
                p -> p.parameterName("max_wal_senders").parameterValue("40").applyMethod("pending-reboot"),
                p -> p.parameterName("max_logical_replication_workers").parameterValue("40").applyMethod("pending-reboot"),
                p -> p.parameterName("max_worker_processes").parameterValue("60").applyMethod("pending-reboot")));
        Map<String, Object> in = input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true,
                "restoreReplicationSettings", true, "targetDBClusterParameterGroupName", theirs);
        JsonNode plan = dryRun(in);
        assertTrue(plan.get("notices").toString().contains("rds.logical_replication will not be put back: green's group "
                + theirs + " is yours"), plan.toString());
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode report = TestEmulator.JSON.readTree(ex.output()).get("replicationSettings");
        assertEquals("NOT_RESTORED", report.get("status").asText(), report.toString());
        assertTrue(report.get("detail").asText().contains("is yours"), report.toString());
        assertEquals("1", lookup.clusterParameter(theirs, "rds.logical_replication"), "the DBA's group is not changed");
    }

    @Test
    void aZeroMinimumSaysWhenTheClusterCanPauseWithAndWithoutTheRestore() throws Exception {
        String id = TestEmulator.uniqueId("rst-acu");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.08.0");
        Map<String, Object> in = Map.of("clusterIdentifier", id, "targetEngineVersion", "8.0.mysql_aurora.3.10.0",
                "minCapacity", 0, "maxCapacity", 8, "allowWriterReboot", true, "dryRun", true);
        JsonNode kept = dryRun(InPlaceWorkflowTest.MACHINE, in);
        assertTrue(kept.get("notices").toString().contains("minCapacity 0: '" + id + "' will not pause after the upgrade: "
                + "binlog_format is turned on for Blue/Green and kept"), kept.toString());
        var restoring = new java.util.HashMap<>(in);
        restoring.put("restoreReplicationSettings", true);
        JsonNode restored = dryRun(InPlaceWorkflowTest.MACHINE, restoring);
        assertTrue(restored.get("notices").toString().contains("minCapacity 0: '" + id + "' does not pause until the "
                + "restored binlog_format applies at its writer's reboot, which this run does right after the switchover"),
                restored.toString());
        assertEquals(1, count(restored.get("notices").toString(), "minCapacity 0: '"), "said once: " + restored);
        // The in-place plan counts the reboot as an interruption of its own.
        assertTrue(restored.get("interruption").asText().contains("then the writer's reboot that applies the restored "
                + "replication setting"), restored.toString());
        assertTrue(!kept.get("interruption").asText().contains("reboot"), kept.toString());
    }

    @Test
    void theInputIsRefusedByNameBeforeAnythingChanges() throws Exception {
        String id = TestEmulator.uniqueId("rst-in");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        int mark = env.rdsCalls().mark();
        var none = run(input(id, "targetEngineVersion", TO, "switchoverPolicy", "NONE", "restoreReplicationSettings", true));
        assertEquals("InvalidInputException", none.error(), none.cause());
        assertTrue(none.cause().contains("restoreReplicationSettings") && none.cause().contains("NONE"), none.cause());
        var text = run(input(id, "targetEngineVersion", TO, "restoreReplicationSettings", "true"));
        assertEquals("InvalidInputException", text.error(), text.cause());
        assertTrue(text.cause().contains("restoreReplicationSettings"), text.cause());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    @Test
    void aGroupAnotherClusterUsesOrOneThisToolDidNotCreateIsRefusedByNameAndNotChanged() throws Exception {
        // The step itself, as the state machine calls it after a switchover, on groups it must not touch.
        String id = TestEmulator.uniqueId("rst-sh");
        String shared = id + "-green-aurora-mysql8-0";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(shared).dbParameterGroupFamily("aurora-mysql8.0")
                .description("made by this tool for " + id).tags(dev.auroraupgrade.rds.OwnershipTags.of("blue-green", id, "t")));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(shared).parameters(
                p -> p.parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot")));
        for (String c : List.of(id, id + "-neighbour")) {
            rds.createDBCluster(r -> r.dbClusterIdentifier(c).engine("aurora-mysql").engineVersion(TO)
                    .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(shared));
            rds.createDBInstance(r -> r.dbInstanceIdentifier(c + "-1").dbClusterIdentifier(c).engine("aurora-mysql")
                    .dbInstanceClass("db.r6g.large"));
        }
        int mark = env.rdsCalls().mark();
        JsonNode refused = restoreStep(id);
        assertEquals("SKIPPED", refused.get("action").asText(), refused.toString());
        assertTrue(refused.get("detail").asText().contains("also used by " + id + "-neighbour"), refused.toString());

        String theirs = TestEmulator.uniqueId("rst-untagged");
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(theirs).dbParameterGroupFamily("aurora-mysql8.0")
                .description("a team's"));
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName(theirs).applyImmediately(true));
        JsonNode notOurs = restoreStep(id);
        assertEquals("SKIPPED", notOurs.get("action").asText(), notOurs.toString());
        assertTrue(notOurs.get("detail").asText().contains("which this tool did not create for it"), notOurs.toString());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(c -> c.operation().equals(
                "ModifyDBClusterParameterGroup") || c.operation().equals("RebootDBInstance")).toList());
        assertEquals("ROW", lookup.clusterParameter(shared, "binlog_format"));
    }

    /** RestoreReplicationSettings on the sample event's plan, for cluster {@code id} (MySQL, binlog turned on by the run). */
    private static JsonNode restoreStep(String id) throws Exception {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) TestEmulator.JSON.readTree(java.nio.file.Files.readString(
                TestEmulator.root().resolve("events/RestoreReplicationSettingsFunction.json")));
        var plan = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("plan");
        plan.put("clusterIdentifier", id).put("allowWriterReboot", true).put("blueParameterGroup", "default.aurora-mysql8.0");
        return TestEmulator.invokeAs("RestoreReplicationSettingsFunction",
                new dev.auroraupgrade.bluegreen.RestoreReplicationSettings(TestEmulator.rds()), event);
    }

    private static List<String> texts(JsonNode array, String field) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private JsonNode dryRun(Map<String, Object> input) throws Exception {
        var dry = new java.util.HashMap<>(input);
        dry.put("dryRun", true);
        return dryRun(BlueGreenWorkflowTest.MACHINE, dry);
    }

    private JsonNode dryRun(String machine, Map<String, Object> input) throws Exception {
        var ex = env.execute(machine, TestEmulator.uniqueId("rst-dry"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(2));
        assertSucceeded(ex);
        return TestEmulator.JSON.readTree(ex.output());
    }
}
