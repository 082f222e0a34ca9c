package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.bluegreen.FinalizeBlueGreen;
import dev.auroraupgrade.rds.OwnershipTags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The real statemachine/blue-green-upgrade.asl.json on moto's interpreter with the real handlers. moto creates,
 * switches over and deletes Blue/Green deployments; in-progress statuses, pending-reboot parameter groups,
 * a rolled-back switchover and INVALID_CONFIGURATION are layered on top (see PendingStatusInterceptor).
 */
class BlueGreenWorkflowTest extends WorkflowTestSupport {
    static final String MACHINE = "BlueGreenUpgradeStateMachine";

    BlueGreenWorkflowTest() {
        super(MACHINE, "bg", Duration.ofMinutes(3));
    }

    @Test
    void mysqlOnTheDefaultGroupGetsACustomGroupRebootsAndSwitchesOverAutomatically() throws Exception {
        String id = provisioned("bg-mysql", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String queue = subscribeQueue();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        putLag(greenOf(id), 0.0, Instant.now()); // what RDS publishes for green's writer; AUTO needs it
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("SWITCHED_OVER", out.get("status").asText());
        String group = id + "-replication-aurora-mysql8-0";
        assertEquals(group, out.get("replicationParameterGroup").asText());
        assertEquals("ROW", lookup.clusterParameter(group, "binlog_format"));
        assertEquals(1, ex.entered("RebootWriterInstance"), "the writer is rebooted once");
        assertTrue(ex.entered("CheckReplication") >= 2 && ex.entered("CheckGreen") >= 2 && ex.entered("CheckSwitchover") >= 2);
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion(), "the id now serves the target version");
        DBCluster oldBlue = cluster(id + "-old1");
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText());
        assertEquals("8.0.mysql_aurora.3.04.0", oldBlue.engineVersion());
        assertTrue(oldBlue.deletionProtection());
        assertEquals(id, OwnershipTags.value(oldBlue.tagList(), FinalizeBlueGreen.OLD_BLUE_OF));
        assertEquals(group, oldBlue.dbClusterParameterGroup());
        assertTrue(out.get("deploymentDeleted").asBoolean());
        assertTrue(lookup.blueGreenByName(out.get("deploymentName").asText()).isEmpty());
        JsonNode switchoverStep = StreamSupport.stream(out.get("steps").spliterator(), false)
                .filter(st -> st.get("step").asText().equals("switchover")).findFirst().orElseThrow();
        assertEquals(switchoverStep.get("durationSeconds").asLong(), out.get("switchoverSeconds").asLong(),
                "the switchover duration is the switchover step's, from request to completion");
        // The reader was not restarted with the writer: Blue/Green needs only the writer in sync, and says so.
        assertTrue(out.get("notices").toString().contains("readers of '" + id + "' still wait for a reboot"), out.toString());
        assertEquals(List.of("preflight", "replication", "targetParameterGroup", "createDeployment", "switchover", "finalize"),
                texts(out.get("steps"), "step"));
        List<String> sent = notifications(queue, id);
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("Blue/Green started: " + id)), sent.toString());
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("Blue/Green SWITCHED_OVER: " + id)), sent.toString());
    }

    @Test
    void postgresMajorUpgradeWaitsForApprovalAndGetsATargetFamilyGroup() throws Exception {
        String id = provisioned("bg-pg", "aurora-postgresql", "14.9");
        var running = start(input(id, "targetEngineVersion", "16.6", "switchoverPolicy", "APPROVAL"));
        String token = awaitToken(running);
        assertTrue(running.isRunning(), "waits for the decision");
        assertEquals("14.9", cluster(id).engineVersion(), "nothing switched before approval");
        running.sendTaskSuccess(token, "{\"approvedBy\":\"test\"}");
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        String target = id + "-replication-aurora-postgresql16";
        assertEquals("1", lookup.clusterParameter(target, "rds.logical_replication"));
        assertEquals("1", lookup.clusterParameter(id + "-replication-aurora-postgresql14", "rds.logical_replication"));
        assertEquals("16.6", cluster(id).engineVersion());
        assertEquals(target, TestEmulator.JSON.readTree(ex.output()).get("targetParameterGroup").asText());
    }

    @Test
    void aMajorUpgradeCarriesBluesCustomClusterAndInstanceSettingsIntoTheNewFamily() throws Exception {
        String id = TestEmulator.uniqueId("bg-carry");
        String clusterGroup = id + "-c14";
        String instanceGroup = id + "-i14";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(clusterGroup)
                .dbParameterGroupFamily("aurora-postgresql14").description("team settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(clusterGroup).parameters(
                p -> p.parameterName("work_mem").parameterValue("65536").applyMethod("immediate"),
                p -> p.parameterName("vacuum_defer_cleanup_age").parameterValue("100").applyMethod("immediate")));
        rds.createDBParameterGroup(r -> r.dbParameterGroupName(instanceGroup).dbParameterGroupFamily("aurora-postgresql14")
                .description("team instance settings"));
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(instanceGroup).parameters(
                p -> p.parameterName("log_min_duration_statement").parameterValue("500").applyMethod("immediate")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(clusterGroup));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").dbParameterGroupName(instanceGroup));
        var ex = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true));
        assertSucceeded(ex);
        String target = id + "-replication-aurora-postgresql16";
        var values = rds.describeDBClusterParameters(r -> r.dbClusterParameterGroupName(target)).parameters();
        assertTrue(values.stream().anyMatch(p -> p.parameterName().equals("work_mem") && "65536".equals(p.parameterValue())));
        assertTrue(values.stream().anyMatch(p -> p.parameterName().equals("rds.logical_replication")));
        assertTrue(values.stream().noneMatch(p -> p.parameterName().equals("vacuum_defer_cleanup_age")), "gone in 16");
        String targetInstanceGroup = id + "-instance-aurora-postgresql16";
        assertTrue(rds.describeDBParameters(r -> r.dbParameterGroupName(targetInstanceGroup)).parameters().stream()
                .anyMatch(p -> p.parameterName().equals("log_min_duration_statement") && "500".equals(p.parameterValue())));
        JsonNode step = StreamSupport.stream(TestEmulator.JSON.readTree(ex.output()).get("steps").spliterator(), false)
                .filter(n -> n.get("step").asText().equals("targetParameterGroup")).findFirst().orElseThrow();
        assertTrue(step.get("detail").asText().contains("vacuum_defer_cleanup_age"), step.toString());
        assertTrue(step.get("detail").asText().contains(targetInstanceGroup), step.toString());
        assertEquals(target, cluster(id).dbClusterParameterGroup(), "the upgraded cluster uses the target-family group");
    }

    @Test
    void postgresReplicationLimitsAreRaisedForTheDatabasesTheClusterHolds() throws Exception {
        // The reported failure: logical replication on, yet Aurora's 4 apply workers for more databases than that.
        String id = TestEmulator.uniqueId("bg-pg-limits");
        String group = id + "-c15";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                .dbParameterGroupFamily("aurora-postgresql15").description("team settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("rds.logical_replication").parameterValue("1").applyMethod("pending-reboot"),
                p -> p.parameterName("max_logical_replication_workers").parameterValue("4").applyMethod("pending-reboot")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("15.4")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(group));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large"));
        env.postgresDatabases(id, 12);
        var ex = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true, "postgresDatabaseCount", 12));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        String detail = StreamSupport.stream(out.get("steps").spliterator(), false)
                .filter(n -> n.get("step").asText().equals("replication")).findFirst().orElseThrow().get("detail").asText();
        assertTrue(detail.contains("max_logical_replication_workers 4 -> 13"), detail);
        // Blue's own (unshared) group was sized; green's target-family group replicates with the same limits.
        String target = id + "-replication-aurora-postgresql16";
        for (String g : List.of(group, target)) {
            assertEquals("13", lookup.clusterParameter(g, "max_logical_replication_workers"), g);
            assertEquals("13", lookup.clusterParameter(g, "max_replication_slots"), g);
            assertEquals("13", lookup.clusterParameter(g, "max_wal_senders"), g);
        }
        assertEquals("16.6", cluster(id).engineVersion());
    }

    @Test
    void moreDatabasesThanTheSettingsCoverFailCreationByNameAndTheCountedRerunSucceeds() throws Exception {
        String id = provisioned("bg-pg-many", "aurora-postgresql", "15.4");
        env.postgresDatabases(id, 30); // above the 19 assumed when the input does not say
        var failed = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true));
        assertEquals("FAILED", failed.status());
        assertEquals("BlueGreenDeploymentFailedException", failed.error());
        assertTrue(failed.cause().contains("incompatible parameter(s)") && failed.cause().contains("max_logical_replication_workers")
                && failed.cause().contains("max_replication_slots"), failed.cause());
        assertTrue(rds.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().startsWith(id + "-green-")));
        var ex = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true, "postgresDatabaseCount", 30));
        assertSucceeded(ex);
        assertEquals("31", lookup.clusterParameter(id + "-replication-aurora-postgresql15", "max_wal_senders"));
        assertEquals("16.6", cluster(id).engineVersion());
    }

    /** Also the old blue's retirement: an hour's Wait (no real time here), a final snapshot, then the delete. */
    @Test
    void aParameterOnlyChangeSwitchesOverToTheNamedGroupAtTheSameVersionAndRetiresOldBlueAnHourLater() throws Exception {
        String id = provisioned("bg-params", "aurora-mysql", "8.0.mysql_aurora.3.08.2");
        String oldBlueResourceId = cluster(id).dbClusterResourceId();
        String group = id + "-tuned";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("tuned"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot"),
                p -> p.parameterName("long_query_time").parameterValue("1").applyMethod("immediate")));
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "targetDBClusterParameterGroupName", group,
                "retireOldBlueAfterHours", 1));
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("SWITCHED_OVER", out.get("status").asText());
        assertEquals(group, out.get("targetParameterGroup").asText());
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion());
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText(), "blue became old blue");
        assertEquals(1, ex.entered("SwitchoverBlueGreenDeployment"));
        // The state machine waited the hour (a Wait state, not a Lambda), then retired old blue into its final snapshot.
        assertEquals(1, ex.entered("WaitToRetireOldBlue"));
        JsonNode oldBlue = out.get("oldBlue");
        assertEquals("RETIRED", oldBlue.get("status").asText(), oldBlue.toString());
        assertEquals(id + "-old1", oldBlue.get("oldBlueClusterIdentifier").asText());
        assertEquals(1, oldBlue.get("retireAfterHours").asInt());
        String snapshot = id + "-old1-final-" + oldBlueResourceId.toLowerCase().replace("cluster-", "").replaceAll("[^a-z0-9]", "");
        assertEquals(snapshot, oldBlue.get("finalSnapshotIdentifier").asText());
        assertTrue(lookup.cluster(id + "-old1").isEmpty(), "old blue deleted");
        assertTrue(rds.describeDBInstances().dbInstances().stream().noneMatch(i -> (id + "-old1").equals(i.dbClusterIdentifier())),
                "old blue's instances deleted");
        var kept = lookup.clusterSnapshot(snapshot).orElseThrow(() -> new AssertionError("no final snapshot " + snapshot));
        assertEquals("available", kept.status());
        assertEquals(id + "-old1", kept.dbClusterIdentifier());
        assertEquals(id, OwnershipTags.value(kept.tagList(), FinalizeBlueGreen.OLD_BLUE_OF));
        // The upgraded cluster is untouched: it serves, with its instances and deletion protection as they were.
        DBCluster upgraded = cluster(id);
        assertEquals("available", upgraded.status());
        assertEquals(group, upgraded.dbClusterParameterGroup());
        assertEquals(2, lookup.clusterInstances(id).size(), "production keeps its instances");
        assertTrue(out.get("nextSteps").toString().contains("then this run snapshots it to " + snapshot), out.toString());
        // Run again: the upgrade and the retirement are done; the final snapshot says so, and nothing changes.
        int mark = env.rdsCalls().mark();
        var again = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "targetDBClusterParameterGroupName", group,
                "retireOldBlueAfterHours", 1));
        assertSucceeded(again);
        assertEquals("ALREADY_UPGRADED", TestEmulator.JSON.readTree(again.output()).get("status").asText());
        assertEquals(0, again.entered("WaitToRetireOldBlue"), "no old blue left to wait for");
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
        assertEquals("available", lookup.clusterSnapshot(snapshot).orElseThrow().status());
    }

    @Test
    void aRejectedSwitchoverDeletesGreenAndLeavesBlueServing() throws Exception {
        String id = provisioned("bg-reject", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String queue = subscribeQueue();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL"));
        String green = greenOf(id);
        running.sendTaskFailure(awaitToken(running), "SwitchoverRejected", "the application team is not ready");
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("SwitchoverRejected", ex.error());
        // moto 5.2.1 drops SendTaskFailure's cause (its handler passes only the error), so the operator's reason
        // cannot be asserted here; on AWS it leads the Cause.
        assertTrue(ex.cause().contains("Aborted before switchover"), ex.cause());
        assertTrue(ex.cause().contains("binlog_format=ROW"), ex.cause());
        assertTrue(lookup.cluster(green).isEmpty(), "green deleted");
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty(), "deployment deleted");
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion());
        assertTrue(lookup.cluster(id + "-old1").isEmpty());
        List<String> sent = notifications(queue, id);
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("Approve switchover: " + id)
                && m.contains("aws stepfunctions send-task-success --task-token '")
                && m.contains("aws stepfunctions send-task-failure --task-token '")), sent.toString());
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("Blue/Green failed: SwitchoverRejected")), sent.toString());
    }

    @Test
    void anUnansweredApprovalTimesOutAndAborts() {
        String id = provisioned("bg-timeout", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL",
                "approvalTimeoutSeconds", 60));
        String green = greenOf(id);
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("ApprovalTimedOut", ex.error());
        assertTrue(ex.cause().contains("within 60 s"), ex.cause());
        assertTrue(ex.cause().contains("Aborted before switchover"), ex.cause());
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty());
        assertGreenGone(green);
    }

    @Test
    void policyNoneStopsWithGreenReady() throws Exception {
        String id = provisioned("bg-none", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String queue = subscribeQueue();
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "NONE"));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("GREEN_READY", out.get("status").asText());
        assertEquals(0, ex.entered("SwitchoverBlueGreenDeployment"));
        var deployment = lookup.blueGreenByName(out.get("deploymentName").asText()).orElseThrow();
        assertEquals("AVAILABLE", deployment.status());
        String bgd = deployment.blueGreenDeploymentIdentifier();
        assertTrue(out.get("nextSteps").get(0).asText().contains("aws rds switchover-blue-green-deployment "
                + "--blue-green-deployment-identifier " + bgd + " --switchover-timeout 300"), out.toString());
        assertTrue(out.get("nextSteps").get(1).asText().contains("aws rds delete-blue-green-deployment "
                + "--blue-green-deployment-identifier " + bgd + " --delete-target"), out.toString());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion());
        List<String> sent = notifications(queue, id);
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("Blue/Green GREEN_READY: " + id)), "green-ready message: " + sent);
    }

    @Test
    void aFailedSwitchoverLeavesBlueServingAndARerunFinishesWithoutDuplicates() throws Exception {
        String id = provisioned("bg-rollback", "aurora-postgresql", "15.4");
        // moto cannot roll a switchover back: the layer answers the request without passing it on and reports
        // SWITCHOVER_FAILED, as RDS does after a rollback. That blue still serves is therefore the simulation's doing;
        // what this test checks is what the workflow does about it.
        env.lambda().rollBackNextSwitchover();
        env.statuses().failAfter("switchover", "SWITCHOVER_FAILED");
        Map<String, Object> input = input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true);
        var first = run(input);
        assertEquals("FAILED", first.status());
        assertEquals("SwitchoverFailedException", first.error());
        assertTrue(first.cause().contains("rolled it back"), first.cause());
        assertTrue(first.cause().contains("is left as it is"), first.cause());
        assertEquals("15.4", cluster(id).engineVersion(), "blue still serves");
        assertEquals(1, lookup.blueGreenBySource(cluster(id).dbClusterArn()).size(), "kept for the operator");

        env.statuses().reset(); // RDS recovered
        var second = run(input);
        assertSucceeded(second);
        JsonNode out = TestEmulator.JSON.readTree(second.output());
        assertEquals(List.of("CHECKED", "SKIPPED", "REUSED", "REUSED", "MODIFIED", "CHECKED"), texts(out.get("steps"), "action"));
        assertEquals("16.6", cluster(id).engineVersion());
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText());
        assertTrue(rds.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().startsWith(id + "-green-")
                || c.dbClusterIdentifier().equals(id + "-old2")), "one green, one old blue");

        var third = run(input); // the same input once more, as a schedule would: never a second switchover
        assertSucceeded(third);
        JsonNode again = TestEmulator.JSON.readTree(third.output());
        assertEquals("ALREADY_UPGRADED", again.get("status").asText(), again.toString());
        assertEquals("16.6", again.get("engineVersion").asText());
        assertEquals(id + "-old1", again.get("oldBlueClusterIdentifier").asText());
        assertEquals(0, third.entered("CreateBlueGreenDeployment"));
        assertEquals(0, third.entered("SwitchoverBlueGreenDeployment"));
        assertTrue(lookup.cluster(id + "-old2").isEmpty());
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty());
    }

    @Test
    void aRunThatSwitchedOverButDidNotFinishIsFinishedByTheNextRun() throws Exception {
        String id = provisioned("bg-finish", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.lambda().failInvocations("FinalizeBlueGreenFunction", 7); // outlives the six Lambda retries
        Map<String, Object> input = input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        var running = start(input);
        putLag(greenOf(id), 0.0, Instant.now());
        var first = running.await(Duration.ofMinutes(4));
        assertEquals("FAILED", first.status());
        assertTrue(first.cause().contains("Switched over: '" + id + "' now runs 8.0.mysql_aurora.3.08.2"), first.cause());
        assertTrue(first.cause().contains("Start the same input again to finish"), first.cause());
        // The IaC is out of step from the switchover on, and only this report still knows what it declares.
        assertTrue(first.cause().contains("IaC follow-up: Update the IaC that declares '" + id + "'")
                && first.cause().contains(id + " EngineVersion (engine_version) 8.0.mysql_aurora.3.04.0 -> 8.0.mysql_aurora.3.08.2"),
                first.cause());

        env.lambda().clearFaults();
        var second = run(input);
        assertSucceeded(second);
        assertEquals(0, second.entered("CreateBlueGreenDeployment"), "continues at the switchover");
        assertEquals("SWITCHED_OVER", TestEmulator.JSON.readTree(second.output()).get("status").asText());
        DBCluster oldBlue = cluster(id + "-old1");
        assertTrue(oldBlue.deletionProtection());
        assertEquals(id, OwnershipTags.value(oldBlue.tagList(), FinalizeBlueGreen.OLD_BLUE_OF));
        assertTrue(lookup.cluster(id + "-old2").isEmpty(), "no second switchover");
    }

    @Test
    void aParameterChangeThatNeedsNoRebootRebootsNothingAndALostDeleteResponseStillFinishes() throws Exception {
        String id = provisioned("bg-noreboot-needed", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.statuses().setParameterChangesNeedReboot(false);
        env.lambda().loseResponses("DeleteBlueGreenDeployment", 1); // finalize's delete applies; its answer is lost
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        assertEquals(0, ex.entered("RebootWriterInstance"), "nothing pending, nothing rebooted");
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertTrue(out.get("deploymentDeleted").asBoolean());
        assertTrue(lookup.blueGreenByName(out.get("deploymentName").asText()).isEmpty());
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion());
    }

    @Test
    void degradedReplicationStopsTheReadinessLoopAtOnceAndDeletesGreenForARecreate() {
        String id = provisioned("bg-degraded", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxReplicaLagSeconds", 10.0,
                "maxPollAttempts", 30));
        String green = greenOf(id);
        putLag(green, 60.0, Instant.now().minusSeconds(60)); // holds the switchover while replication degrades
        awaitEntered(running, "IsReadinessDone", 1);
        env.statuses().degradeReplication(lookup.blueGreenBySource(cluster(id).dbClusterArn()).get(0).blueGreenDeploymentName());
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("ReplicationDegradedException", ex.error());
        assertTrue(ex.cause().contains("Replication degraded"), ex.cause());
        assertTrue(ex.cause().contains("Aborted before switchover") && ex.cause().contains("create the deployment anew"),
                ex.cause());
        assertTrue(ex.entered("CheckReadiness") < 30, "stopped at once, not at the bound");
        assertTrue(lookup.cluster(green).isEmpty(), "green deleted");
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion());
    }

    @Test
    void aDeploymentThatIsNotOursIsNeverDeleted() {
        // Someone else's deployment (of another cluster, untagged) holds the name this upgrade would use.
        String id = provisioned("bg-foreign", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String other = provisioned("bg-other", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String name = id + "-to-8-0-mysql-aurora-3-08-2";
        rds.createBlueGreenDeployment(r -> r.blueGreenDeploymentName(name).source(cluster(other).dbClusterArn()));
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertEquals("FAILED", ex.status());
        assertTrue(ex.cause().contains("left alone"), ex.cause());
        assertTrue(lookup.blueGreenByName(name).isPresent(), "the other deployment still stands");
        assertEquals(cluster(other).dbClusterArn(), lookup.blueGreenByName(name).get().source());
    }

    @Test
    void invalidConfigurationEndsWithStatusDetailsAndRemovesGreen() {
        String id = provisioned("bg-invalid", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.statuses().failAfter("createBlueGreen", "INVALID_CONFIGURATION");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        String green = greenOf(id);
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("BlueGreenDeploymentFailedException", ex.error());
        assertTrue(ex.cause().contains("is INVALID_CONFIGURATION"), ex.cause());
        assertTrue(ex.cause().contains("Aborted before switchover"), ex.cause());
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty());
        assertTrue(rds.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().startsWith(id + "-green-")));
        assertGreenGone(green);
    }

    @Test
    void aNeededRebootThatIsNotAllowedIsRefusedBeforeBluesGroupChanges() {
        String id = provisioned("bg-noreboot", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String group = cluster(id).dbClusterParameterGroup();
        int mark = env.rdsCalls().mark();
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "allowWriterReboot", false));
        assertEquals("FAILED", ex.status());
        assertEquals("WriterRebootRequiredException", ex.error());
        assertTrue(ex.cause().contains("blue's writer " + id + "-1 would have to be rebooted")
                && ex.cause().contains("Nothing was changed"), ex.cause());
        assertEquals(0, ex.entered("PrepareBlueReplication"), "refused at pre-flight");
        assertEquals(group, cluster(id).dbClusterParameterGroup(), "blue keeps its parameter group");
        assertTrue(lookup.clusterParameterGroup(id + "-replication-aurora-mysql8-0").isEmpty(), "no group was created");
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    @Test
    void aFailureAfterTheDeploymentObjectWasDeletedIsReportedAsSwitchedOverNotAsBlueUnchanged() throws Exception {
        String id = provisioned("bg-late", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String blueResourceId = cluster(id).dbClusterResourceId();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        putLag(greenOf(id), 0.0);
        assertSucceeded(running.await(Duration.ofMinutes(3)));
        // As if finishing failed once the deployment object was gone (a lost response, a later step): what is reported?
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) TestEmulator.JSON.readTree(java.nio.file.Files.readString(
                TestEmulator.root().resolve("events/ConcludeBlueGreenFailureFunction.json")));
        var plan = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("state").get("plan");
        plan.put("clusterIdentifier", id).put("clusterResourceId", blueResourceId)
                .put("deploymentName", id + "-to-8-0-mysql-aurora-3-08-2").put("targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        JsonNode report = TestEmulator.invokeAs("ConcludeBlueGreenFailureFunction",
                new dev.auroraupgrade.bluegreen.ConcludeBlueGreenFailure(env.rds()), event);
        String cause = report.get("cause").asText();
        assertTrue(cause.contains("Switched over: '" + id + "' now runs 8.0.mysql_aurora.3.08.2 and old blue is '" + id + "-old1'"),
                cause);
        assertTrue(!cause.contains("keeps serving, unchanged"), "blue did not keep serving: " + cause);
    }

    @Test
    void aServerlessV1SourceIsRefusedBeforeAnyChange() {
        String id = TestEmulator.uniqueId("bg-v1");
        DemoClusters.createV1(rds, id, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 4);
        int groups = rds.describeDBClusterParameterGroups().dbClusterParameterGroups().size();
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertEquals("FAILED", ex.status());
        assertEquals("SourceNotSupportedException", ex.error());
        assertTrue(ex.cause().contains("Serverless v1") && ex.cause().contains("migrate it"), ex.cause());
        assertTrue(ex.cause().contains("Nothing was changed"), ex.cause());
        assertEquals(groups, rds.describeDBClusterParameterGroups().dbClusterParameterGroups().size());
    }

    @Test
    void replicaLagAboveTheThresholdHoldsTheSwitchoverUntilItDrops() throws Exception {
        String id = provisioned("bg-lag", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxReplicaLagSeconds", 10.0,
                "maxPollAttempts", 30));
        String green = greenOf(id);
        putLag(green, 60.0, Instant.now().minusSeconds(120));
        awaitEntered(running, "IsReadinessDone", 2); // two checks done, both held back by the lag
        assertTrue(running.isRunning());
        assertEquals(0, running.entered("SwitchoverBlueGreenDeployment"), "lag holds the switchover");
        putLag(green, 1.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        assertTrue(ex.entered("CheckReadiness") >= 3, "checked again after the lag dropped");
    }

    @Test
    void replicaLagThatStaysHighHitsTheBoundAndAborts() {
        String id = provisioned("bg-lagbound", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxReplicaLagSeconds", 10.0,
                "maxPollAttempts", 4));
        String green = greenOf(id);
        putLag(green, 60.0, Instant.now().minusSeconds(60));
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("SwitchoverNotReadyException", ex.error());
        assertTrue(ex.cause().contains("replica lag 60.0 s is above maxReplicaLagSeconds 10.0"), ex.cause());
        assertTrue(ex.cause().contains("Aborted before switchover"), ex.cause());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion());
        assertGreenGone(green);
    }

    @Test
    void negativeLagOrNoLagDataUnderAutoIsNotReady() {
        String id = provisioned("bg-neglag", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxPollAttempts", 3));
        putLag(greenOf(id), -1.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("SwitchoverNotReadyException", ex.error());
        assertTrue(ex.cause().contains("replica lag reads -1.0 (replication not running)"), ex.cause());

        String quiet = provisioned("bg-nolag", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var unchecked = run(input(quiet, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxPollAttempts", 3));
        assertEquals("SwitchoverNotReadyException", unchecked.error());
        assertTrue(unchecked.cause().contains("AUTO does not switch over unchecked"), unchecked.cause());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(quiet).engineVersion(), "never switched without lag data");
    }

    @Test
    void onceApprovedGreenIsNeverDeletedEvenWhenTheRecheckFails() throws Exception {
        String id = provisioned("bg-approved", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL",
                "maxReplicaLagSeconds", 10.0, "maxPollAttempts", 3));
        String token = awaitToken(running);
        String green = greenOf(id);
        putLag(green, 60.0, Instant.now()); // lag grew while the approver was away
        running.sendTaskSuccess(token, "{\"approvedBy\":\"test\"}");
        var ex = running.await(Duration.ofMinutes(3));
        assertEquals("SwitchoverNotReadyException", ex.error());
        assertEquals(0, ex.entered("SwitchoverBlueGreenDeployment"), "the recheck held the switchover");
        assertTrue(ex.cause().contains("kept with green ready"), ex.cause());
        assertTrue(lookup.cluster(green).isPresent(), "an approved green is kept");
        assertEquals(1, lookup.blueGreenBySource(cluster(id).dbClusterArn()).size());
    }

    // --- helpers ---

    /** Green's cluster and every one of its instances are gone, as moto holds them. */
    private void assertGreenGone(String green) {
        assertTrue(lookup.cluster(green).isEmpty(), "green cluster " + green + " deleted");
        assertTrue(rds.describeDBInstances().dbInstances().stream().noneMatch(i -> green.equals(i.dbClusterIdentifier())),
                "green's instances deleted");
    }

    private String provisioned(String prefix, String engine, String version) {
        String id = TestEmulator.uniqueId(prefix);
        DemoClusters.createProvisioned(rds, id, engine, version);
        return id;
    }

    private static void awaitEntered(LocalStepFunctions.Running running, String state, int times) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (running.entered(state) < times) {
            assertTrue(Instant.now().isBefore(deadline) && running.isRunning(), state + " was not entered " + times + " times");
            LocalStepFunctions.sleep(200);
        }
    }

    private static List<String> texts(JsonNode array, String field) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }
}
