package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.rehearsal.PreflightRehearsal;
import dev.auroraupgrade.rehearsal.Rehearsals;
import dev.auroraupgrade.rds.RdsNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The real statemachine/rehearse-upgrade.asl.json on moto's interpreter with the real handlers: a clone of the
 * cluster is made (RestoreDBClusterToPointInTime), upgraded, judged and deleted; the source is only read. A failed
 * precheck is layered on top (AwsRules: the upgrade is cancelled, with RDS's events and the engine's log).
 */
class RehearsalWorkflowTest extends WorkflowTestSupport {
    static final String MACHINE = "RehearseUpgradeStateMachine";

    RehearsalWorkflowTest() {
        super(MACHINE, "rh", Duration.ofMinutes(3));
    }

    private String provisioned(String prefix, String engine, String version) {
        String id = TestEmulator.uniqueId(prefix);
        DemoClusters.createProvisioned(rds, id, engine, version);
        return id;
    }

    private static Map<String, Object> rehearsal(String cluster, String target, Object... kv) {
        Map<String, Object> in = new java.util.LinkedHashMap<>();
        in.put("clusterIdentifier", cluster);
        in.put("targetEngineVersion", target);
        in.put("pollIntervalSeconds", 1);
        in.put("maxPollSeconds", 1);
        in.put("maxPollAttempts", 10);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }

    private JsonNode stored(String cluster) throws Exception {
        return TestEmulator.JSON.readTree(env.ssm().getParameter(r -> r.name(Rehearsals.parameterName(cluster))).parameter().value());
    }

    /** What the source looks like to a DBA: version, groups, members, tags and protection. */
    private String fingerprint(String id) {
        DBCluster c = cluster(id);
        return c.engineVersion() + "|" + c.dbClusterParameterGroup() + "|" + c.dbClusterMembers() + "|" + c.tagList() + "|"
                + c.deletionProtection() + "|" + c.status();
    }

    @Test
    void aPassingMysqlMajorRehearsalUpgradesAClonePutsTheRealRunsGroupInPlaceAndLeavesTheSourceAsItWas() throws Exception {
        String id = provisioned("rh-my", "aurora-mysql", "5.7.mysql_aurora.2.11.4");
        String before = fingerprint(id);
        int mark = env.rdsCalls().mark();
        var ex = run(rehearsal(id, "8.0.mysql_aurora.3.05.2"));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("PASSED", out.get("status").asText(), out.toString());
        assertEquals("8.0.mysql_aurora.3.05.2", out.get("cloneEngineVersion").asText());
        assertTrue(out.get("cloneDeleted").asBoolean());
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty(), "the clone is gone");
        assertTrue(lookup.instance(RdsNames.rehearsalInstance(id)).isEmpty(), "its writer is gone");
        assertEquals(before, fingerprint(id), "the source is untouched");
        var namesSource = java.util.regex.Pattern.compile("(?<!Source)DB(Cluster|Instance)Identifier=" + id + "(-[12])?[,)]");
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(c -> c.mutating()
                && namesSource.matcher(c.request()).find()).map(RdsCallLog.Call::request).toList(),
                "no mutating call acted on the source or its instances (it is only the clone's source)");
        // The real run's target group exists, owned by the cluster: the Blue/Green run reuses it.
        assertTrue(dev.auroraupgrade.rds.ParameterGroups.owned(rds, id + "-replication-aurora-mysql8-0", true, id),
                "the target group is the real run's");
        JsonNode durations = out.get("durations");
        assertTrue(durations.get("cloneSeconds").isNumber() && durations.get("instanceSeconds").isNumber()
                && durations.get("upgradeSeconds").isNumber(), durations.toString());
        assertEquals(List.of("preflight", "clone", "cloneWriter", "targetParameterGroup", "cloneUpgrade", "cleanup", "record"),
                texts(out.get("steps"), "step"));
        JsonNode record = stored(id);
        assertEquals("PASSED", record.get("verdict").asText());
        assertEquals("8.0.mysql_aurora.3.05.2", record.get("targetEngineVersion").asText());
        assertEquals(ex.arn().substring(ex.arn().lastIndexOf(':') + 1), record.get("executionName").asText());

        // The Blue/Green plan of the same upgrade shows it, and times the wait for green from it.
        JsonNode plan = TestEmulator.invokeAs("PreflightBlueGreenFunction", env.handler("PreflightBlueGreenFunction"),
                Map.of("input", Map.of("clusterIdentifier", id, "targetEngineVersion", "8.0.mysql_aurora.3.05.2",
                        "allowWriterReboot", true, "dryRun", true), "executionName", "plan"));
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("notices").toString().contains("last rehearsal of '" + id + "'"), plan.get("notices").toString());
        // No Wait sleeps on the test emulator, so the rehearsal measured 0 or 1 s (a loaded machine makes the clone's
        // writer take a second): the plan schedules the wait for green from exactly that, and nothing from a zero
        // (RehearsalsTest checks the schedule a longer rehearsal gives).
        JsonNode measured = record.get("durations");
        long rehearsed = measured.get("cloneSeconds").asLong() + measured.get("instanceSeconds").asLong()
                + measured.get("upgradeSeconds").asLong();
        JsonNode expected = plan.get("plan").get("polling").get("expectedSeconds");
        if (rehearsed == 0) {
            assertTrue(expected.isNull(), plan.get("plan").toString());
            assertFalse(plan.get("notices").toString().contains("green is expected ready"), plan.get("notices").toString());
        } else {
            assertEquals(rehearsed, expected.get("createBlueGreen").asLong(), plan.get("plan").toString());
            assertTrue(plan.get("notices").toString().contains("green is expected ready"), plan.get("notices").toString());
        }
        assertEquals("PASSED", plan.get("plan").get("lastRehearsal").get("verdict").asText());
    }

    @Test
    void failedMysqlPrechecksAreNamedCheckByCheckTheCloneIsDeletedAndTheRealRunIsRefused() throws Exception {
        String id = provisioned("rh-myfail", "aurora-mysql", "5.7.mysql_aurora.2.11.4");
        env.failUpgradePrechecks(id);
        int metrics = env.lambda().metricLines().size();
        var ex = run(rehearsal(id, "8.0.mysql_aurora.3.05.2"));
        assertSucceeded(ex); // a failed upgrade is the rehearsal's finding, not its failure
        List<JsonNode> emf = new java.util.ArrayList<>();
        for (var line : env.lambda().metricLines().subList(metrics, env.lambda().metricLines().size())) {
            JsonNode doc = TestEmulator.JSON.readTree(line.json());
            if (id.equals(doc.path("ClusterIdentifier").asText())) {
                emf.add(doc);
            }
        }
        assertTrue(emf.stream().anyMatch(d -> d.has("RehearsalFailed") && "rehearse".equals(d.path("Workflow").asText())),
                emf.toString());
        assertTrue(emf.stream().anyMatch(d -> d.has("Succeeded")), "the rehearsal itself ran to its end: " + emf);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("FAILED", out.get("status").asText());
        assertEquals("5.7.mysql_aurora.2.11.4", out.get("cloneEngineVersion").asText(), "RDS cancelled the upgrade");
        assertEquals(List.of("groupByAscSyntaxCheck", "auroraUpgradeCheckForIncompleteXATransactions"),
                texts(out.get("failedChecks"), "check"));
        assertEquals("[\"shop.orders_by_month\",\"shop.report_totals\"]", out.get("failedChecks").get(0).get("objects").toString());
        assertEquals(List.of("reservedWordsCheck"), texts(out.get("warnings"), "check"));
        assertTrue(out.get("events").toString().contains("Upgrade prechecks failed"), out.get("events").toString());
        assertTrue(out.get("summary").asText().contains("groupByAscSyntaxCheck (shop.orders_by_month, shop.report_totals)"));
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty(), "the clone is gone");
        assertEquals("5.7.mysql_aurora.2.11.4", cluster(id).engineVersion());
        assertEquals("FAILED", stored(id).get("verdict").asText());

        Map<String, Object> realRun = new java.util.LinkedHashMap<>(Map.of("clusterIdentifier", id,
                "targetEngineVersion", "8.0.mysql_aurora.3.05.2", "allowWriterReboot", true, "dryRun", true));
        JsonNode blocked = TestEmulator.invokeAs("PreflightBlueGreenFunction", env.handler("PreflightBlueGreenFunction"),
                Map.of("input", realRun, "executionName", "plan"));
        assertEquals("BLOCKED", blocked.get("status").asText());
        assertEquals("RehearsalFailedException", blocked.get("blockers").get(0).get("error").asText());
        assertTrue(blocked.get("blockers").get(0).get("message").asText().contains("groupByAscSyntaxCheck"));
        realRun.put("ignoreFailedRehearsal", true);
        JsonNode ignored = TestEmulator.invokeAs("PreflightBlueGreenFunction", env.handler("PreflightBlueGreenFunction"),
                Map.of("input", realRun, "executionName", "plan"));
        assertEquals("PLANNED", ignored.get("status").asText(), ignored.toString());
        // Another target is not refused by this rehearsal.
        realRun.remove("ignoreFailedRehearsal");
        realRun.put("targetEngineVersion", "8.0.mysql_aurora.3.04.3");
        assertEquals("PLANNED", TestEmulator.invokeAs("PreflightBlueGreenFunction", env.handler("PreflightBlueGreenFunction"),
                Map.of("input", realRun, "executionName", "plan")).get("status").asText());
    }

    @Test
    void failedPostgresChecksAreReadFromPgUpgradesLogAndTheInPlacePlanIsRefusedToo() throws Exception {
        String id = provisioned("rh-pgfail", "aurora-postgresql", "14.9");
        env.failUpgradePrechecks(id);
        var ex = run(rehearsal(id, "16.6"));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("FAILED", out.get("status").asText(), out.toString());
        JsonNode check = out.get("failedChecks").get(0);
        assertEquals("Checking for reg* data types in user tables", check.get("check").asText());
        assertTrue(check.get("description").asText().startsWith("Your installation contains one of the reg* data types"));
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty());
        JsonNode inPlace = TestEmulator.invokeAs("PreflightInPlaceFunction", env.handler("PreflightInPlaceFunction"),
                Map.of("input", Map.of("clusterIdentifier", id, "targetEngineVersion", "16.6", "minCapacity", 0.5,
                        "maxCapacity", 8, "acceptUncheckedReplicaLag", true, "dryRun", true), "executionName", "plan"));
        assertEquals("BLOCKED", inPlace.get("status").asText(), inPlace.toString());
        assertEquals("RehearsalFailedException", inPlace.get("blockers").get(0).get("error").asText());
    }

    @Test
    void aLostCloneResponseAndALambdaFaultAfterTheCloneExistsMakeNoSecondClone() throws Exception {
        String id = provisioned("rh-fault", "aurora-postgresql", "14.9");
        env.lambda().loseResponses("RestoreDBClusterToPointInTime", 1);
        env.lambda().failAfterHandler("CreateRehearsalInstanceFunction", 1);
        try {
            var ex = run(rehearsal(id, "16.6"));
            assertSucceeded(ex);
            assertEquals("PASSED", TestEmulator.JSON.readTree(ex.output()).get("status").asText());
        } finally {
            env.lambda().clearFaults();
        }
        assertTrue(env.lambda().rdsCalls("RestoreDBClusterToPointInTime") >= 2, "the lost call was retried, met the clone "
                + "it had made, and took it as its own");
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty());
    }

    @Test
    void theUpgradeLoopsBoundEndsTheRunAndTheCloneIsStillDeleted() throws Exception {
        String id = provisioned("rh-bound", "aurora-postgresql", "14.9");
        var running = start(rehearsal(id, "16.6", "maxPollAttempts", 2));
        awaitEntered(running, "UpgradeRehearsalClone", 1);
        String key = "cluster:" + RdsNames.rehearsalClone(id);
        env.statuses().stick(key, "upgrading", null); // the upgrade outlasts the loop's two checks
        LocalStepFunctions.Execution ex;
        try {
            ex = running.await(Duration.ofMinutes(3));
        } finally {
            env.statuses().unstick(key, "upgrading");
        }
        assertEquals("FAILED", ex.status());
        assertEquals("PollLimitExceeded", ex.error(), ex.cause());
        assertTrue(ex.cause().contains("being deleted") || ex.cause().contains("no clone stands"), ex.cause());
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty(), "the failure tail deleted the clone");
        assertTrue(lookup.cluster(id).isPresent());
    }

    @Test
    void aReRunAfterAnAbortReusesTheCloneAndConverges() throws Exception {
        String id = provisioned("rh-abort", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.statuses().setPendingPolls(20);
        var first = start(rehearsal(id, "8.0.mysql_aurora.3.08.2", "maxPollAttempts", 100));
        awaitEntered(first, "CheckClone", 1);
        first.stop("an operator aborted the rehearsal");
        env.statuses().setPendingPolls(1);
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isPresent(), "an aborted run runs no clean-up");
        // The aborted run's clone still reports creating for a while: this run waits for it.
        var ex = run(rehearsal(id, "8.0.mysql_aurora.3.08.2", "maxPollAttempts", 40));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        JsonNode clone = StreamSupport.stream(out.get("steps").spliterator(), false)
                .filter(s -> s.get("step").asText().equals("clone")).findFirst().orElseThrow();
        assertEquals("REUSED", clone.get("action").asText());
        assertTrue(out.get("durations").get("cloneSeconds").isNull(), "an earlier run made the clone: not timed here");
        assertTrue(lookup.cluster(RdsNames.rehearsalClone(id)).isEmpty());
    }

    @Test
    void aCloneNameTakenByAnotherClusterIsRefusedBeforeAnythingIsMade() throws Exception {
        String id = provisioned("rh-taken", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        DemoClusters.createProvisioned(rds, RdsNames.rehearsalClone(id), "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var ex = run(rehearsal(id, "8.0.mysql_aurora.3.08.2"));
        assertEquals("FAILED", ex.status());
        assertEquals("ResourceConflictException", ex.error());
        assertEquals("8.0.mysql_aurora.3.04.0", cluster(RdsNames.rehearsalClone(id)).engineVersion(), "not touched");
        assertTrue(cluster(RdsNames.rehearsalClone(id)).deletionProtection(), "not touched");
    }

    @Test
    void theCleanUpFunctionsMayNotDeleteTheSourceOrAnOldBlueWhateverTheyAreAsked() {
        IamPolicies iam = env.iam();
        String cluster = "arn:aws:rds:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":cluster:prod";
        for (String fn : List.of("DeleteRehearsalCloneFunction", "ConcludeRehearsalFailureFunction")) {
            var source = iam.decide(fn, "rds:DeleteDBCluster", List.of(cluster), arn -> Map.of("team", "payments"));
            assertFalse(source.allowed());
            assertTrue(source.reason().contains("explicit Deny"), source.reason());
            var oldBlue = iam.decide(fn, "rds:DeleteDBCluster", List.of(cluster), arn -> Map.of(
                    PreflightRehearsal.REHEARSAL_OF, "prod", "aurora-upgrade:old-blue-of", "prod"));
            assertFalse(oldBlue.allowed());
            assertTrue(oldBlue.reason().contains("explicit Deny"), oldBlue.reason());
            assertTrue(iam.decide(fn, "rds:DeleteDBCluster", List.of(cluster), arn -> Map.of(
                    PreflightRehearsal.REHEARSAL_OF, "prod")).allowed(), "a rehearsal clone may be deleted");
        }
        assertFalse(iam.decide("UpgradeRehearsalCloneFunction", "rds:ModifyDBCluster", List.of(cluster),
                arn -> Map.of()).allowed(), "the upgrade step cannot modify the source");
    }

    private static void awaitEntered(LocalStepFunctions.Running running, String state, int times) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        while (running.entered(state) < times) {
            assertTrue(java.time.Instant.now().isBefore(deadline) && running.isRunning(), state + " was not entered");
            LocalStepFunctions.sleep(100);
        }
    }

    static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }
}
