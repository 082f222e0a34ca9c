package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The in-place route end to end: moto's Step Functions runs statemachine/serverless-v2-in-place.asl.json, which
 * starts the real Blue/Green definition as a nested execution; every task is the real handler against moto.
 */
class InPlaceWorkflowTest extends WorkflowTestSupport {
    static final String MACHINE = "ServerlessV2InPlaceStateMachine";

    InPlaceWorkflowTest() {
        super(MACHINE, "ip", Duration.ofMinutes(4));
    }

    @Test
    void aConvertedV1MysqlClusterIsUpgradedByBlueGreenAndMovedToServerlessV2KeepingItsEndpoint() throws Exception {
        String id = TestEmulator.uniqueId("ip-mysql");
        DemoClusters.createConvertedV1(rds, id, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
        String endpoint = cluster(id).endpoint();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxCapacity", 8.0));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("SERVERLESS_V2", out.get("status").asText());
        assertEquals(endpoint, cluster(id).endpoint(), "the same endpoint serves");
        assertTrue(out.get("endpointUnchanged").asBoolean());
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion());
        assertEquals("5.7.mysql_aurora.2.12.3", out.get("engineVersionBefore").asText());
        assertEquals("db.serverless", out.get("writerInstanceClass").asText());
        assertEquals(id + "-serverless-1", writer(id));
        List<DBInstance> members = lookup.clusterInstances(id);
        assertEquals(List.of(id + "-serverless-1", id + "-serverless-2"), members.stream()
                .map(DBInstance::dbInstanceIdentifier).sorted().toList(), "one db.serverless per provisioned instance, "
                        + "the provisioned ones deleted");
        assertTrue(members.stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())));
        // One interruption: green moved to db.serverless before the switchover, so the live cluster has nothing left
        // to remove (its provisioned instances were green's, deleted in green; blue's stay in old blue).
        assertEquals(0, out.get("provisionedInstancesRemoved").size(), out.toString());
        assertEquals(0.5, cluster(id).serverlessV2ScalingConfiguration().minCapacity());
        assertEquals(8.0, cluster(id).serverlessV2ScalingConfiguration().maxCapacity());
        assertEquals("SUCCEEDED", out.get("blueGreenStatus").asText());
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText(), "Blue/Green kept old blue");
        assertTrue(lookup.cluster(id + "-old1").isPresent());
        assertTrue(out.has("switchoverSeconds") && !out.get("switchoverSeconds").isNull(), out.toString());
        assertTrue(out.get("failoverSeconds").isNull(), "no failover of the live cluster: " + out);
        assertEquals(List.of("rebootWriter", "switchover"), interruptionSteps(out), "blue's writer reboot for its "
                + "replication group (allowWriterReboot), then the switchover, the move's one interruption: " + out);
        assertTrue(out.get("lifecycleBefore").asText().contains("in RDS Extended Support"), out.toString());
        assertTrue(out.get("notices").toString().contains("out of RDS Extended Support"), out.toString());
        List<String> steps = StreamSupport.stream(out.get("steps").spliterator(), false).map(s -> s.get("step").asText()).toList();
        assertEquals(List.of("preflight", "engineMode", "blueGreen", "scaling", "serverlessInstances", "failover",
                "provisionedInstances", "verify"), steps);
    }

    @Test
    void anEngineUpgradeInPlaceInterruptsOnlyAtTheSwitchoverBecauseGreenMovesToServerlessFirst() throws Exception {
        String id = TestEmulator.uniqueId("ip-once");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String endpoint = cluster(id).endpoint();
        List<String> blue = lookup.clusterInstances(id).stream().map(DBInstance::dbInstanceIdentifier).sorted().toList();
        Map<String, Object> in = input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxCapacity", 8.0);
        int mark = env.rdsCalls().mark();
        var running = start(in);
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(endpoint, cluster(id).endpoint(), "the same endpoint serves");
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion());
        assertEquals(id + "-serverless-1", writer(id), "the db.serverless instance added to green writes");
        assertTrue(lookup.clusterInstances(id).stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())),
                "green's provisioned instances were deleted in green");
        assertEquals(8.0, cluster(id).serverlessV2ScalingConfiguration().maxCapacity());

        // Exactly one interruption: the one failover ran inside green, before the switchover; none on the live
        // cluster after it.
        List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
        int switchover = java.util.stream.IntStream.range(0, calls.size())
                .filter(k -> calls.get(k).operation().equals("SwitchoverBlueGreenDeployment")).findFirst().orElse(-1);
        assertTrue(switchover >= 0, "a switchover ran");
        List<String> before = failovers(calls.subList(0, switchover), id);
        List<String> after = failovers(calls.subList(switchover, calls.size()), id);
        assertEquals(1, before.size(), "one failover, within green: " + before);
        assertTrue(before.get(0).startsWith(id + "-green-"), before.toString());
        assertEquals(List.of(), after, "no failover of the cluster after the switchover");
        assertTrue(out.get("failoverSeconds").isNull(), out.toString());
        assertEquals(List.of("rebootWriter", "switchover"), interruptionSteps(out), "blue's writer reboot for its "
                + "replication group (allowWriterReboot), then the switchover, the move's one interruption: " + out);
        assertTrue(out.get("switchoverSeconds").isNumber(), out.toString());
        assertTrue(out.get("notices").toString().contains("green failed over to db.serverless before the switchover"),
                out.toString());
        // What the IaC must now say: the engine through the nested Blue/Green, the compute through green's move.
        JsonNode iac = out.get("iacFollowUp");
        assertEquals("UPDATE", iac.get("status").asText(), iac.toString());
        List<String> changes = StreamSupport.stream(iac.get("changes").spliterator(), false).map(c -> c.get("change").asText()
                + " " + c.get("identifier").asText() + " " + c.get("cloudFormationProperty").asText() + " "
                + c.get("from").asText("null") + " -> " + c.get("to").asText("null")).toList();
        assertTrue(changes.contains("MODIFIED " + id + " EngineVersion 8.0.mysql_aurora.3.04.0 -> 8.0.mysql_aurora.3.08.2"), changes.toString());
        assertTrue(changes.contains("MODIFIED " + id + " ServerlessV2ScalingConfiguration.MaxCapacity null -> 8"), changes.toString());
        for (String b : blue) {
            assertTrue(changes.contains("REMOVED " + b + " DBInstanceClass db.r6g.large -> null"), changes.toString());
        }
        assertTrue(changes.contains("ADDED " + id + "-serverless-1 DBInstanceClass null -> db.serverless"), changes.toString());
        assertTrue(iac.get("notes").toString().contains("old blue " + id + "-old1"), iac.toString());
        // The parent's compute steps found everything done.
        for (JsonNode step : out.get("steps")) {
            if (List.of("scaling", "serverlessInstances", "failover", "provisionedInstances").contains(step.get("step").asText())) {
                assertEquals("SKIPPED", step.get("action").asText(), step.toString());
            }
        }
        // Old blue is kept as it was: its provisioned instances, protected.
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText());
        assertTrue(cluster(id + "-old1").deletionProtection());
        assertEquals(blue, lookup.clusterInstances(id + "-old1").stream().map(DBInstance::dbInstanceIdentifier).sorted()
                .toList(), "blue's instances stay in old blue");

        // A re-run converges: nothing is created, failed over or switched over again.
        int again = env.rdsCalls().mark();
        var rerun = run(in);
        assertSucceeded(rerun);
        List<RdsCallLog.Call> rerunCalls = env.rdsCalls().since(again);
        assertTrue(rerunCalls.stream().noneMatch(c -> List.of("FailoverDBCluster", "CreateDBInstance", "DeleteDBInstance",
                "CreateBlueGreenDeployment", "SwitchoverBlueGreenDeployment").contains(c.operation())
                && c.request().contains(id)), rerunCalls.toString());
        assertTrue(lookup.cluster(id + "-old2").isEmpty());
        assertEquals(id + "-serverless-1", writer(id));
    }

    @Test
    void anEngineUpgradeKeepingProvisionedInstancesKeepsGreensAsReadersAndStillInterruptsOnce() throws Exception {
        String id = TestEmulator.uniqueId("ip-keep");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        int mark = env.rdsCalls().mark();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "keepProvisionedInstances", true,
                "serverlessInstanceCount", 1));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(id + "-serverless-1", writer(id));
        List<DBInstance> members = lookup.clusterInstances(id);
        assertEquals(3, members.size(), "green's two provisioned instances kept as readers, and the db.serverless writer");
        assertEquals(2, out.get("provisionedInstancesKept").size(), out.toString());
        List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
        int switchover = java.util.stream.IntStream.range(0, calls.size())
                .filter(k -> calls.get(k).operation().equals("SwitchoverBlueGreenDeployment")).findFirst().orElse(-1);
        assertEquals(List.of(), failovers(calls.subList(switchover, calls.size()), id));
        assertEquals(List.of("rebootWriter", "switchover"), interruptionSteps(out), out.toString());
    }

    /** The steps of the output's interruptions, in order; each one measured in whole seconds. */
    static List<String> interruptionSteps(JsonNode out) {
        List<String> steps = new java.util.ArrayList<>();
        out.get("interruptions").forEach(i -> {
            assertTrue(i.get("seconds").isIntegralNumber(), "measured: " + i);
            steps.add(i.get("step").asText());
        });
        return steps;
    }

    /** The clusters the FailoverDBCluster calls among these named, for the cluster and its green. */
    private static List<String> failovers(List<RdsCallLog.Call> calls, String id) {
        java.util.regex.Pattern cluster = java.util.regex.Pattern.compile("DBClusterIdentifier=([^,)]+)");
        return calls.stream().filter(c -> c.operation().equals("FailoverDBCluster")).map(c -> {
            var m = cluster.matcher(c.request());
            return m.find() ? m.group(1) : c.request();
        }).filter(c -> c.equals(id) || c.startsWith(id + "-green-")).toList();
    }

    @Test
    void aConvertedV1PostgresClusterIsUpgradedAcrossMajorsAndMovedToServerlessV2() throws Exception {
        String id = TestEmulator.uniqueId("ip-pgup");
        DemoClusters.createConvertedV1(rds, id, "aurora-postgresql", "13.12");
        var ex = run(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true, "postgresDatabaseCount", 6));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("16.6", cluster(id).engineVersion());
        assertEquals(id + "-serverless-1", writer(id));
        assertTrue(lookup.clusterInstances(id).stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())));
        assertEquals(id + "-old1", out.get("oldBlueClusterIdentifier").asText());
        assertTrue(out.get("lifecycleAfter").asText().contains("aurora-postgresql 16: in standard support"), out.toString());
        // The custom settings came along into the new family (the nested Blue/Green's target group).
        assertEquals("2000", lookup.clusterParameter(cluster(id).dbClusterParameterGroup(), "log_min_duration_statement"));
    }

    @Test
    void aSameVersionPostgresClusterMovesOnlyItsComputeAndKeepsProvisionedInstancesWhenAsked() throws Exception {
        String id = TestEmulator.uniqueId("ip-pg");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        var ex = run(input(id, "keepProvisionedInstances", true, "serverlessInstanceCount", 1, "minCapacity", 1.0,
                "maxCapacity", 4.0));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertTrue(out.get("blueGreenExecutionArn").isNull(), "no version change: no Blue/Green");
        assertEquals("14.9", cluster(id).engineVersion());
        assertEquals(id + "-serverless-1", writer(id));
        assertEquals(List.of(id + "-1", id + "-2"), texts(out.get("provisionedInstancesKept")));
        assertEquals(0, out.get("provisionedInstancesRemoved").size());
        assertEquals(3, lookup.clusterInstances(id).size(), "the provisioned instances stay as readers");
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty());
    }

    @Test
    void newInstancesReportLikeTheWriterAndARoleTheStackMayNotPassIsNamedNotPassed() throws Exception {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1111-pi";
        String id = TestEmulator.uniqueId("ip-mon");
        monitoredCluster(id, key, "arn:aws:iam::123456789012:role/rds-monitoring-role");
        var ex = run(input(id, "serverlessInstanceCount", 1));
        assertSucceeded(ex);
        DBInstance added = lookup.instance(id + "-serverless-1").orElseThrow();
        assertTrue(added.performanceInsightsEnabled(), "Performance Insights as on the writer");
        assertEquals(key, added.performanceInsightsKMSKeyId());
        assertEquals(731, added.performanceInsightsRetentionPeriod());
        assertEquals(15, added.monitoringInterval());
        assertEquals("arn:aws:iam::123456789012:role/rds-monitoring-role", added.monitoringRoleArn(),
                "the stack's role (EnhancedMonitoringRoleName's default), passed under the local IAM check");

        String other = TestEmulator.uniqueId("ip-mon2");
        monitoredCluster(other, key, "arn:aws:iam::123456789012:role/team-monitoring");
        var ex2 = run(input(other, "serverlessInstanceCount", 1));
        assertSucceeded(ex2);
        DBInstance added2 = lookup.instance(other + "-serverless-1").orElseThrow();
        assertTrue(added2.performanceInsightsEnabled());
        assertEquals(null, added2.monitoringRoleArn(), "a role the stack may not pass is not passed");
        String out = ex2.output();
        assertTrue(out.contains("team-monitoring") && out.contains("EnhancedMonitoringRoleName"), out);
    }

    /** A provisioned PostgreSQL cluster whose writer has Performance Insights (a KMS key) and Enhanced Monitoring. */
    private void monitoredCluster(String id, String key, String role) {
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1"));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").enablePerformanceInsights(true).performanceInsightsKMSKeyId(key)
                .performanceInsightsRetentionPeriod(731).monitoringInterval(15).monitoringRoleArn(role));
    }

    @Test
    void aReaderAddedAfterPreflightIsNotDeleted() throws Exception {
        String id = TestEmulator.uniqueId("ip-late");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        var running = start(input(id, "serverlessInstanceCount", 1));
        awaitEntered(running, "AddServerlessInstances");
        // Someone adds a reporting replica while the run is under way.
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-reporting").dbClusterIdentifier(id)
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
        var ex = running.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        assertTrue(lookup.instance(id + "-reporting").isPresent(), "not this run's to delete");
        assertTrue(lookup.instance(id + "-1").isEmpty() && lookup.instance(id + "-2").isEmpty(), "the planned ones are gone");
        assertTrue(ex.output().contains("not deleted, added after pre-flight: " + id + "-reporting"), ex.output());
    }

    @Test
    void anOldWriterStillRestartingAfterTheFailoverIsDeletedOnceAvailableAndNothingElseIs() throws Exception {
        String id = TestEmulator.uniqueId("ip-boot");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        var running = start(input(id, "serverlessInstanceCount", 1));
        awaitEntered(running, "AddServerlessInstances");
        // The old writer restarts after the failover: RDS refuses to delete it until it is available again.
        String key = "instance:" + id + "-1";
        env.statuses().stick(key, "rebooting", null);
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            // The removal answered "not yet" and the run waits for the instance to settle.
            while (running.entered("CheckRemovable") < 2) {
                assertTrue(Instant.now().isBefore(deadline) && running.isRunning(),
                        "the removal did not wait: " + (running.isRunning() ? "" : running.await(Duration.ofSeconds(1)).cause()));
                LocalStepFunctions.sleep(100);
            }
            assertEquals(1, running.entered("RemoveProvisionedInstances"));
            assertTrue(lookup.instance(id + "-1").isPresent(), "not deleted while restarting");
            assertTrue(lookup.instance(id + "-serverless-1").isPresent());
        } finally {
            env.statuses().unstick(key, "rebooting");
        }
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        assertEquals(List.of(id + "-serverless-1"), lookup.clusterInstances(id).stream().map(DBInstance::dbInstanceIdentifier)
                .toList(), "the provisioned instances deleted, the db.serverless writer kept");
        assertEquals(id + "-serverless-1", writer(id));
        assertEquals(List.of(id + "-1", id + "-2"), texts(TestEmulator.JSON.readTree(ex.output()).get("provisionedInstancesRemoved")));
    }

    @Test
    void aServerlessV1ClusterWithoutConsentIsRefusedBeforeAnyChange() {
        String id = TestEmulator.uniqueId("ip-v1");
        DemoClusters.createV1(rds, id, "aurora-postgresql", "13.12", 2, 16);
        var ex = run(input(id));
        assertEquals("FAILED", ex.status());
        assertEquals("InvalidInputException", ex.error());
        assertTrue(ex.cause().contains("allowEngineModeConversion") && ex.cause().contains("cannot be undone"), ex.cause());
        assertEquals("serverless", cluster(id).engineMode(), "not converted");
        assertTrue(lookup.clusterInstances(id).isEmpty(), "nothing added");
        assertEquals(0, ex.entered("ConvertToProvisioned"));
    }

    /** Blue/Green given serverlessGreen directly asks RDS the same: no db.serverless offered, nothing changes. */
    @Test
    void aBlueGreenWithServerlessGreenIsRefusedByNameWhenDbServerlessIsNotOrderableForTheTarget() throws Exception {
        String id = TestEmulator.uniqueId("bg-noorder");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.engineVersions().serverlessNotOrderable("aurora-mysql", "8.0.mysql_aurora.3.08.2");
        int mark = env.rdsCalls().mark();
        var ex = env.execute(BlueGreenWorkflowTest.MACHINE, TestEmulator.uniqueId("bg-noorder-dry"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "dryRun", true,
                        "serverlessGreen", Map.of("minCapacity", 0.5, "maxCapacity", 8,
                                "serverlessInstances", List.of(id + "-serverless-1")))), Duration.ofMinutes(2));
        assertSucceeded(ex);
        JsonNode plan = TestEmulator.JSON.readTree(ex.output());
        assertEquals("BLOCKED", plan.get("status").asText(), plan.toString());
        assertEquals("UnsupportedEngineVersionException", plan.get("blockers").get(0).get("error").asText());
        assertTrue(plan.get("blockers").get(0).get("message").asText().contains("serverlessGreen: db.serverless is not "
                + "orderable for aurora-mysql 8.0.mysql_aurora.3.08.2"), plan.toString());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    @Test
    void aTargetWithoutOrderableDbServerlessIsRefusedByNameBeforeTheConversion() {
        String id = TestEmulator.uniqueId("ip-noorder");
        DemoClusters.createV1(rds, id, "aurora-postgresql", "13.12", 2, 16);
        // A Region where RDS lists 13.12 with Serverless v2 features but offers no db.serverless for it.
        env.engineVersions().serverlessNotOrderable("aurora-postgresql", "13.12");
        var ex = run(input(id, "allowEngineModeConversion", true));
        assertEquals("FAILED", ex.status());
        assertEquals("UnsupportedEngineVersionException", ex.error());
        assertTrue(ex.cause().contains("db.serverless is not orderable for aurora-postgresql 13.12"), ex.cause());
        assertEquals(0, ex.entered("ConvertToProvisioned"));
        assertEquals("serverless", cluster(id).engineMode(), "not converted: the conversion cannot be undone");
        assertTrue(lookup.clusterInstances(id).isEmpty(), "nothing added");
    }

    @Test
    void aServerlessV1ClusterWithConsentIsConvertedAndMovedAtItsVersion() throws Exception {
        String id = TestEmulator.uniqueId("ip-v1ok");
        DemoClusters.createV1(rds, id, "aurora-postgresql", "13.12", 2, 16);
        var ex = run(input(id, "allowEngineModeConversion", true));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("provisioned", cluster(id).engineMode());
        // The local layer refuses a conversion without DBClusterInstanceClass; v1's 16 ACU map to db.r5.xlarge.
        assertTrue(out.get("steps").toString().contains("provisioned with a db.r5.xlarge writer"), out.toString());
        assertEquals(id + "-serverless-1", writer(id));
        assertEquals(List.of(id + "-instance-1"), texts(out.get("provisionedInstancesRemoved")),
                "the writer AWS added on conversion is replaced");
        assertEquals(16.0, cluster(id).serverlessV2ScalingConfiguration().maxCapacity(), "v1's maximum carried over");
    }

    @Test
    void aFailedFailoverWithinGreenLeavesBlueServingUnchangedAndARerunConvergesWithOneSwitchover() throws Exception {
        String id = TestEmulator.uniqueId("ip-fo");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.iam().revoke("FailoverToServerlessFunction", "rds:FailoverDBCluster");
        Map<String, Object> in = input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        var running = start(in);
        putLag(greenOf(id), 0.0);
        var failed = running.await(Duration.ofMinutes(4));
        assertEquals("FAILED", failed.status());
        // The failover runs within green, before the switchover: its failure aborts the Blue/Green (green deleted)
        // and nothing in production changed but blue's replication setting.
        assertTrue(failed.cause().contains("Aborted before switchover") && failed.cause().contains("FailoverDBCluster"),
                failed.cause());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion(), "nothing switched over");
        assertFalse(writer(id).contains("serverless"), "the provisioned writer still writes");
        assertTrue(lookup.blueGreenBySource(cluster(id).dbClusterArn()).isEmpty(), "the deployment and green were deleted");

        env.iam().restoreAll();
        var again = start(in);
        putLag(greenOf(id), 0.0);
        var ex = again.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        assertEquals(id + "-serverless-1", writer(id));
        assertTrue(lookup.cluster(id + "-old1").isPresent());
        assertTrue(lookup.cluster(id + "-old2").isEmpty(), "one switchover");
        assertEquals(2, lookup.clusterInstances(id).size(), "two db.serverless instances, no more");
        assertEquals(1, ex.entered("UpgradeWithBlueGreenAsNewExecution"), "the failed child is run again under a new name");
    }

    @Test
    void aSwitchoverRolledBackAfterGreenMovedToServerlessNamesGreensDbServerlessInstancesWhatTheyCostAndHowToRemoveThem()
            throws Exception {
        String id = TestEmulator.uniqueId("ip-rb");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // moto cannot roll a switchover back: the layer reports SWITCHOVER_FAILED as RDS does after one (see
        // BlueGreenWorkflowTest); green, already moved to db.serverless, is kept for the operator.
        env.lambda().rollBackNextSwitchover();
        env.statuses().failAfter("switchover", "SWITCHOVER_FAILED");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxCapacity", 8.0));
        String green = greenOf(id);
        putLag(green, 0.0);
        var failed = running.await(Duration.ofMinutes(4));
        assertEquals("FAILED", failed.status());
        assertEquals("SwitchoverFailedException", failed.error(), failed.cause());
        String added = id + "-serverless-1";
        assertEquals(green, lookup.instance(added).orElseThrow().dbClusterIdentifier(), "it stands, in green");
        // The report names it, where it is, what it bills and how to remove it or finish.
        assertTrue(failed.cause().contains(added) && failed.cause().contains("green cluster " + green), failed.cause());
        assertTrue(failed.cause().contains("ACU-hours"), failed.cause());
        assertTrue(failed.cause().contains("--delete-target") && failed.cause().contains("same input again"), failed.cause());
        assertFalse(failed.cause().contains("No db.serverless instance was added"), failed.cause());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion(), "blue still serves");
    }

    @Test
    void aFailurePastTheSwitchoverLeavesOldBlueStandingProtectedAndTagged() throws Exception {
        String id = TestEmulator.uniqueId("ip-past");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // With the compute moved inside green, the first step that can fail past the switchover is the verification.
        env.iam().revoke("VerifyInPlaceFunction", "rds:DescribeDBClusters");
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        putLag(greenOf(id), 0.0);
        var failed = running.await(Duration.ofMinutes(4));
        assertEquals("FAILED", failed.status());
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion(), "the switchover stands");
        assertEquals(id + "-serverless-1", writer(id));
        // Past the switchover, a failure never touches old blue: it stands, protected and tagged as this upgrade's.
        software.amazon.awssdk.services.rds.model.DBCluster oldBlue = cluster(id + "-old1");
        assertTrue(oldBlue.deletionProtection(), "old blue keeps its deletion protection");
        assertEquals(id, dev.auroraupgrade.rds.OwnershipTags.value(oldBlue.tagList(), dev.auroraupgrade.bluegreen.FinalizeBlueGreen.OLD_BLUE_OF));
        assertEquals("8.0.mysql_aurora.3.04.0", oldBlue.engineVersion());
    }

    @Test
    void aRerunWithAnotherInputWhileTheBlueGreenChildRunsStopsWithoutASecondChild() throws Exception {
        String id = TestEmulator.uniqueId("ip-twice");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var first = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL",
                "approvalTimeoutSeconds", 600));
        String green = greenOf(id);
        String token = awaitToken(first);
        // The operator changes an input and starts again while the first child waits for its approval.
        var second = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "switchoverPolicy", "APPROVAL",
                "approvalTimeoutSeconds", 900));
        assertEquals("FAILED", second.status());
        assertEquals("NestedExecutionRunning", second.error(), second.cause());
        assertTrue(second.cause().contains(id + "-to-") && second.cause().contains("Wait for it"), second.cause());
        assertEquals(0, second.entered("UpgradeWithBlueGreenAsNewExecution"), "no second child");
        assertEquals(1, lookup.blueGreenBySource(cluster(id).dbClusterArn()).size(), "one deployment");
        assertTrue(first.isRunning(), "the first run goes on");

        putLag(green, 0.0);
        first.sendTaskSuccess(token, "{\"approvedBy\":\"test\"}");
        assertSucceeded(first.await(Duration.ofMinutes(4)));
        assertEquals(id + "-serverless-1", writer(id));
    }

    @Test
    void aRerunAfterTheBlueGreenChildFailedRunsItAgainUnderANewNameAndFinishes() throws Exception {
        String id = TestEmulator.uniqueId("ip-again");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.iam().revoke("SwitchoverBlueGreenDeploymentFunction", "rds:SwitchoverBlueGreenDeployment");
        Map<String, Object> in = input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        var running = start(in);
        putLag(greenOf(id), 0.0);
        var failed = running.await(Duration.ofMinutes(4));
        assertEquals("FAILED", failed.status());
        assertEquals("AwsRequestFailedException", failed.error(), "the child's own error name: " + failed.cause());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(id).engineVersion(), "nothing switched over");

        env.iam().restoreAll();
        var again = start(in);
        putLag(greenOf(id), 0.0);
        var ex = again.await(Duration.ofMinutes(4));
        assertSucceeded(ex);
        assertEquals(1, ex.entered("UpgradeWithBlueGreenAsNewExecution"), "the ended child was run again under a new name");
        assertEquals("8.0.mysql_aurora.3.08.2", cluster(id).engineVersion());
        assertTrue(lookup.cluster(id + "-old2").isEmpty(), "one switchover");
        assertEquals(id + "-serverless-1", writer(id));
    }

    @Test
    void aRerunAfterTheWriterFailedBackToAProvisionedInstanceDeletesNothingAndSaysWhy() throws Exception {
        String id = TestEmulator.uniqueId("ip-back");
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        // A first run moves the writer to db.serverless and keeps the provisioned instances as readers.
        assertSucceeded(run(input(id, "keepProvisionedInstances", true, "serverlessInstanceCount", 1)));
        assertEquals(id + "-serverless-1", writer(id));
        // Then someone fails back to the provisioned instance, and the route is run again to remove them.
        rds.failoverDBCluster(r -> r.dbClusterIdentifier(id).targetDBInstanceIdentifier(id + "-1"));
        assertEquals(id + "-1", writer(id), "moto failed back");
        JsonNode plan = TestEmulator.invokeAs("PreflightInPlaceFunction", env.handler("PreflightInPlaceFunction"),
                Map.of("input", input(id, "serverlessInstanceCount", 1), "executionName", "rerun"));
        assertEquals(List.of(id + "-1", id + "-2"), texts(plan.get("provisionedInstances")), plan.toString());
        assertFalse(plan.get("keepProvisionedInstances").asBoolean());
        // The removal step as the state machine calls it, its role enforced, while the writer is a planned
        // provisioned instance (as after a failback between the failover and the removal).
        int mark = env.rdsCalls().mark();
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.auroraupgrade.errors.ResourceFailedException.class,
                () -> TestEmulator.invokeAs("RemoveProvisionedInstancesFunction",
                        env.handler("RemoveProvisionedInstancesFunction"), Map.of("plan", computeMove(plan))));
        assertEquals("the writer of '" + id + "' is the provisioned instance '" + id + "-1' again: nothing was deleted",
                e.getMessage());
        assertTrue(env.rdsCalls().since(mark).stream().noneMatch(c -> c.operation().equals("DeleteDBInstance")),
                "no delete was even asked for");
        DBInstance writer = env.cleanRds().describeDBInstances(r -> r.dbInstanceIdentifier(id + "-1")).dbInstances().get(0);
        assertEquals("available", writer.dbInstanceStatus(), "the writer is there and serving");
        assertTrue(lookup.instance(id + "-2").isPresent(), "nothing was deleted");
        assertEquals(id + "-1", writer(id));
    }

    @Test
    void addedInstancesAreExposedAndMaintainedExactlyLikeTheWriter() throws Exception {
        // A public writer that takes no automatic minor upgrades, and a private one that does, on other CAs.
        String open = TestEmulator.uniqueId("ip-pub");
        String closed = TestEmulator.uniqueId("ip-priv");
        writerWith(open, true, false, "rds-ca-rsa4096-g1");
        writerWith(closed, false, true, "rds-ca-ecc384-g1");
        var first = start(input(open, "serverlessInstanceCount", 1, "keepProvisionedInstances", true));
        var second = start(input(closed, "serverlessInstanceCount", 1, "keepProvisionedInstances", true));
        assertSucceeded(first.await(Duration.ofMinutes(4)));
        assertSucceeded(second.await(Duration.ofMinutes(4)));
        RdsClient moto = env.cleanRds();
        DBInstance pub = moto.describeDBInstances(r -> r.dbInstanceIdentifier(open + "-serverless-1")).dbInstances().get(0);
        assertEquals("db.serverless", pub.dbInstanceClass());
        assertEquals(true, pub.publiclyAccessible(), "public like its writer");
        assertEquals(false, pub.autoMinorVersionUpgrade(), "no automatic minor upgrade, like its writer");
        assertEquals("rds-ca-rsa4096-g1", pub.caCertificateIdentifier());
        DBInstance priv = moto.describeDBInstances(r -> r.dbInstanceIdentifier(closed + "-serverless-1")).dbInstances().get(0);
        assertEquals(false, priv.publiclyAccessible(), "never more exposed than its writer");
        assertEquals(true, priv.autoMinorVersionUpgrade());
        assertEquals("rds-ca-ecc384-g1", priv.caCertificateIdentifier());
    }

    /** A provisioned PostgreSQL cluster whose one writer has these exposure and maintenance settings. */
    private void writerWith(String id, boolean publiclyAccessible, boolean autoMinorUpgrade, String ca) {
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1"));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").publiclyAccessible(publiclyAccessible)
                .autoMinorVersionUpgrade(autoMinorUpgrade).caCertificateIdentifier(ca));
        DBInstance seeded = env.cleanRds().describeDBInstances(r -> r.dbInstanceIdentifier(id + "-1")).dbInstances().get(0);
        assertEquals(publiclyAccessible, seeded.publiclyAccessible(), "moto holds the writer's exposure");
        assertEquals(autoMinorUpgrade, seeded.autoMinorVersionUpgrade());
        assertEquals(ca, seeded.caCertificateIdentifier());
    }

    /** What the in-place definition passes the compute steps: its projection of the plan (ComputeMove). */
    private static Map<String, Object> computeMove(JsonNode plan) {
        Map<String, Object> move = new java.util.LinkedHashMap<>();
        move.put("clusterIdentifier", plan.get("clusterIdentifier"));
        move.put("sourceClusterIdentifier", plan.get("clusterIdentifier"));
        for (String f : List.of("engine", "serverlessInstances", "failoverTarget", "provisionedInstances",
                "keepProvisionedInstances", "executionName")) {
            move.put(f, plan.get(f));
        }
        move.put("anyProvisioned", plan.get("convertEngineMode"));
        return move;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }

    /** Waits (at most a minute) until the running execution has entered the state. */
    private static void awaitEntered(LocalStepFunctions.Running running, String state) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (running.entered(state) == 0) {
            assertTrue(Instant.now().isBefore(deadline) && running.isRunning(), state + " never ran");
            LocalStepFunctions.sleep(100);
        }
    }
}
