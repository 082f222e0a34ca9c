package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.rds.RdsNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * An organization-wide fleet end to end (issue 24): statemachine/fleet.asl.json on moto's interpreter selects each
 * member account's clusters through its member role (STS AssumeRole, the trust policy of template.yaml enforced by
 * the local layer) and starts each child in that member stack's own state machine with the Credentials field, which
 * the local layer turns into AssumeRole and the member's keys: the child runs in the member account's emulator state.
 */
class OrganizationFleetTest extends WorkflowTestSupport {
    private static final String IN_PLACE_MEMBER = "aurora-upgrade-member-serverless-v2-in-place";

    OrganizationFleetTest() {
        super(FleetWorkflowTest.MACHINE, "org", Duration.ofMinutes(6));
    }

    @Test
    void aDryRunAcrossMemberAccountsIsOneTableWithTotalsPerAccountAMemberWithoutItsRoleIsNamedAndAReRunResumes()
            throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String execution = TestEmulator.uniqueId("org");
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        String b = LocalStepFunctions.newAccount();
        String missing = LocalStepFunctions.newAccount(); // no member stack: no role
        env.deployMemberStack(a, fleetArn);
        env.deployMemberStack(b, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String a1 = TestEmulator.uniqueId("org-a-pg");
        String a2 = TestEmulator.uniqueId("org-a-pg");
        String b1 = TestEmulator.uniqueId("org-b-pg");
        String b57 = TestEmulator.uniqueId("org-b-57");
        provisioned(a, a1, wave);
        provisioned(a, a2, wave);
        provisioned(b, b1, wave);
        provisioned(b, TestEmulator.uniqueId("org-b-other"), null);
        RdsClient inB = env.rdsIn(b);
        DemoClusters.createConvertedV1(inB, b57, "aurora-mysql", "5.7.mysql_aurora.2.12.3"); // needs a target version
        tag(inB, b57, wave);
        provisioned(missing, TestEmulator.uniqueId("org-m-pg"), wave);
        int mark = env.rdsCalls().mark();

        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a, "region", "us-east-1"), Map.of("account", b), Map.of("account", missing)),
                "dryRun", true, "maxConcurrency", 4);
        var ex = env.start(FleetWorkflowTest.MACHINE, execution, TestEmulator.JSON.writeValueAsString(input), orchestrator)
                .await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList(),
                "a dry run changes nothing in any account");
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        Map<String, JsonNode> rows = new HashMap<>();
        out.get("rows").forEach(r -> rows.put(r.get("account").asText() + "/" + r.path("clusterIdentifier").asText("-"), r));
        assertEquals(5, rows.size(), out.toString());
        for (String[] row : List.of(new String[] {a, a1, "PLANNED"}, new String[] {a, a2, "PLANNED"},
                new String[] {b, b1, "PLANNED"}, new String[] {b, b57, "BLOCKED"})) {
            JsonNode r = rows.get(row[0] + "/" + row[1]);
            assertEquals("SUCCEEDED", r.get("outcome").asText(), r.toString());
            assertEquals(row[2], r.get("status").asText(), r.toString());
            assertEquals("us-east-1", r.get("region").asText());
            // The child ran in the member account, in that member stack's own state machine.
            assertTrue(r.get("executionArn").asText().startsWith("arn:aws:states:us-east-1:" + row[0] + ":execution:"
                    + IN_PLACE_MEMBER + ":"), r.toString());
        }
        assertTrue(rows.get(b + "/" + b57).get("blockers").get(0).asText().contains("'targetEngineVersion' is required"),
                rows.get(b + "/" + b57).toString());
        JsonNode notReached = rows.get(missing + "/-");
        assertEquals("NOT_STARTED", notReached.get("outcome").asText(), notReached.toString());
        assertTrue(notReached.get("reason").asText().contains("arn:aws:iam::" + missing + ":role/aurora-upgrade-member-us-east-1")
                && notReached.get("reason").asText().contains("not authorized to perform: sts:AssumeRole"), notReached.toString());

        JsonNode totals = out.get("totals");
        assertEquals(List.of(4, 3, 1, 1), List.of(totals.get("clusters").asInt(), totals.get("planned").asInt(),
                totals.get("blocked").asInt(), totals.get("unreachableTargets").asInt()), totals.toString());
        JsonNode byTarget = out.get("targets");
        assertEquals(3, byTarget.size(), byTarget.toString());
        assertEquals(List.of(a, "2", "2", "0"), List.of(byTarget.get(0).get("account").asText(), byTarget.get(0).get("clusters")
                .asText(), byTarget.get(0).get("planned").asText(), byTarget.get(0).get("blocked").asText()));
        assertEquals(List.of(b, "2", "1", "1"), List.of(byTarget.get(1).get("account").asText(), byTarget.get(1).get("clusters")
                .asText(), byTarget.get(1).get("planned").asText(), byTarget.get(1).get("blocked").asText()));
        assertEquals(List.of(missing, "false"), List.of(byTarget.get(2).get("account").asText(),
                byTarget.get(2).get("reachable").asText()));
        String text = out.get("text").asText();
        assertTrue(text.contains(a + "/us-east-1: 2 clusters, 2 succeeded, 0 failed, 0 not started (2 planned, 0 blocked)")
                && text.contains(missing + "/us-east-1: not reached") && text.contains(b + "/us-east-1 | " + b57
                + " | SUCCEEDED | BLOCKED"), text);
        // The full table in S3 (the orchestrator's account), named in the output and the text: the result itself.
        JsonNode report = out.get("report");
        String bucket = env.bucketName("FleetReportBucket");
        assertEquals(bucket, report.get("bucket").asText(), report.toString());
        assertEquals("fleets/" + execution + "/" + execution + ".json", report.get("jsonKey").asText());
        assertTrue(report.path("writeError").isMissingNode(), report.toString());
        assertTrue(text.contains("Full table: s3://" + bucket + "/fleets/" + execution + "/" + execution + ".json"), text);
        JsonNode table = TestEmulator.JSON.readTree(env.s3Object(bucket, report.get("jsonKey").asText()));
        assertEquals(out, table, "the object is the fleet's result, every row and total");

        // Nothing ran in the orchestrator's (moto's default) account: every child is a member's.
        assertEquals(List.of(), env.nestedExecutions(FleetWorkflowTest.IN_PLACE, RdsNames.fleetRunTag(execution) + "-"));

        // Resumed: the same input with fleetRunId = the first run's name finds every child in its own member account
        // (deterministic names per account and Region, described through the member role) and takes it as it is.
        var again = new HashMap<String, Object>(input);
        again.put("fleetRunId", execution);
        var second = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-again"),
                TestEmulator.JSON.writeValueAsString(again), orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(second);
        JsonNode resumed = TestEmulator.JSON.readTree(second.output());
        int clusters = 0;
        for (JsonNode r : resumed.get("rows")) {
            if (r.get("clusterIdentifier").isNull()) {
                continue;
            }
            clusters++;
            JsonNode first = rows.get(r.get("account").asText() + "/" + r.get("clusterIdentifier").asText());
            assertTrue(r.get("resumed").asBoolean(), r.toString());
            assertEquals(first.get("executionArn").asText(), r.get("executionArn").asText(), "the first run's child, not a new one");
            assertEquals(first.get("status").asText(), r.get("status").asText());
        }
        assertEquals(4, clusters, resumed.toString());
    }

    @Test
    void aRealRunChangesEachClusterInItsOwnAccountAndAFailingMemberClusterFailsOnlyItsRow() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        String b = LocalStepFunctions.newAccount();
        env.deployMemberStack(a, fleetArn);
        env.deployMemberStack(b, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String a1 = TestEmulator.uniqueId("org-run-a");
        String b1 = TestEmulator.uniqueId("org-run-b");
        String b57 = TestEmulator.uniqueId("org-run-57");
        provisioned(a, a1, wave);
        provisioned(b, b1, wave);
        RdsClient inB = env.rdsIn(b);
        DemoClusters.createConvertedV1(inB, b57, "aurora-mysql", "5.7.mysql_aurora.2.12.3"); // refused: no target version
        tag(inB, b57, wave);
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a), Map.of("account", b)), "canaryCount", 0, "maxFailures", 1,
                "defaults", Map.of("pollIntervalSeconds", 1, "maxPollSeconds", 1, "maxPollAttempts", 10));
        var ex = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-run"), TestEmulator.JSON.writeValueAsString(input),
                orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        Map<String, JsonNode> rows = new HashMap<>();
        out.get("rows").forEach(r -> rows.put(r.get("account").asText() + "/" + r.get("clusterIdentifier").asText(), r));
        JsonNode bad = rows.get(b + "/" + b57);
        assertEquals("FAILED", bad.get("outcome").asText(), bad.toString());
        assertEquals("InvalidInputException", bad.get("error").asText(), "the child's own error: " + bad);
        for (String[] ok : List.of(new String[] {a, a1}, new String[] {b, b1})) {
            JsonNode r = rows.get(ok[0] + "/" + ok[1]);
            assertEquals("SUCCEEDED", r.get("outcome").asText(), r.toString());
            assertEquals("SERVERLESS_V2", r.get("status").asText(), r.toString());
            // The change was made in the member account: its cluster's instances are db.serverless now.
            RdsClient in = env.rdsIn(ok[0]);
            var members = in.describeDBInstances(q -> q.filters(f -> f.name("db-cluster-id").values(ok[1]))).dbInstances();
            assertTrue(!members.isEmpty() && members.stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())),
                    ok[0] + "/" + ok[1] + ": " + members);
        }
        assertEquals(List.of(2, 1), List.of(out.get("totals").get("succeeded").asInt(), out.get("totals").get("failed").asInt()));
        assertTrue(rds.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().equals(a1)
                || c.dbClusterIdentifier().equals(b1)), "nothing of the members' landed in the orchestrator's account");

        // Resumed with fleetRunId = the first run's name: the succeeded children are taken as they are, the failed one
        // runs again, in member b's own in-place state machine, under a new name (its first name is taken).
        var again = new HashMap<String, Object>(input);
        again.put("fleetRunId", ex.arn().substring(ex.arn().lastIndexOf(':') + 1));
        var second = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-run-again"),
                TestEmulator.JSON.writeValueAsString(again), orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(second);
        Map<String, JsonNode> resumed = new HashMap<>();
        TestEmulator.JSON.readTree(second.output()).get("rows")
                .forEach(r -> resumed.put(r.get("account").asText() + "/" + r.get("clusterIdentifier").asText(), r));
        for (String[] ok : List.of(new String[] {a, a1}, new String[] {b, b1})) {
            JsonNode r = resumed.get(ok[0] + "/" + ok[1]);
            assertTrue(r.get("resumed").asBoolean(), r.toString());
            assertEquals(rows.get(ok[0] + "/" + ok[1]).get("executionArn").asText(), r.get("executionArn").asText(),
                    "the first run's child, not a new one");
            assertEquals(1, env.memberExecutions(ok[0], dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE, "").stream()
                    .filter(e -> e.name().endsWith("-" + ok[1])).count(), ok[1] + " ran once");
        }
        JsonNode retried = resumed.get(b + "/" + b57);
        assertEquals(List.of("FAILED", "InvalidInputException"), List.of(retried.get("outcome").asText(),
                retried.get("error").asText()), retried.toString());
        var b57Children = env.memberExecutions(b, dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE, "").stream()
                .filter(e -> e.name().contains(b57)).toList();
        assertEquals(2, b57Children.size(), "the failed child ran again in member b's account: " + b57Children);
        assertTrue(b57Children.stream().allMatch(e -> e.status().equals("FAILED")), b57Children.toString());
    }

    /**
     * Issue 24, resume across a deploy: a member stack of an earlier version ran a child whose output has no
     * {@code standing} and no {@code iacFollowUp} (and lists interruptions as text); the member stack is then updated
     * to this version and the fleet re-run with the same fleetRunId. The child is taken as it is, not run again, and
     * its row says what it does not know (iacStatus UNKNOWN, no standing, counted as unknown support year), as
     * docs/fleets.md says.
     */
    @Test
    void aReRunAfterTheMemberStackIsUpdatedTakesTheChildTheEarlierVersionFinishedAsItIs() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        env.deployMemberStack(a, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String id = TestEmulator.uniqueId("org-deploy");
        provisioned(a, id, wave);
        // The earlier version's member state machine (its output as that version wrote it), deployed over this one.
        var earlierOutput = new java.util.LinkedHashMap<String, Object>();
        earlierOutput.put("status", "SERVERLESS_V2");
        earlierOutput.put("clusterIdentifier", id);
        earlierOutput.put("endpoint", id + ".cluster-abc.us-east-1.rds.amazonaws.com");
        earlierOutput.put("engine", "aurora-postgresql");
        earlierOutput.put("engineVersion", "14.9");
        earlierOutput.put("interruptions", List.of("switchover: 4 s"));
        earlierOutput.put("totalSeconds", 12);
        String earlier = TestEmulator.JSON.writeValueAsString(Map.of("StartAt", "Earlier", "States",
                Map.of("Earlier", Map.of("Type", "Pass", "Result", earlierOutput, "End", true))));
        env.stepFunctions().create(a, dev.auroraupgrade.fleet.FleetTargets.machineName(
                dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE), earlier);
        String runId = TestEmulator.uniqueId("deploy");
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a)), "canaryCount", 0, "fleetRunId", runId);
        var first = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-deploy"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(first);
        JsonNode before = TestEmulator.JSON.readTree(first.output()).get("rows").get(0);

        env.deployMemberStack(a, fleetArn); // this version, as a StackSets update deploys it
        var second = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-deploy-again"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(second);
        JsonNode out = TestEmulator.JSON.readTree(second.output());
        JsonNode row = out.get("rows").get(0);
        assertTrue(row.get("resumed").asBoolean(), row.toString());
        assertEquals(before.get("executionArn").asText(), row.get("executionArn").asText(), "the earlier version's child");
        assertEquals(List.of("SUCCEEDED", "SERVERLESS_V2", "UNKNOWN"), List.of(row.get("outcome").asText(),
                row.get("status").asText(), row.get("iacStatus").asText()), row.toString());
        assertTrue(row.path("standing").isNull() || row.path("standing").isMissingNode() || row.path("standing").isEmpty(),
                "no standing is made up: " + row);
        assertEquals(1, out.get("table").get("overall").get("bySupportYear").get("unknown").asInt(), out.get("table").toString());
        assertEquals(1, env.memberExecutions(a, dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE, "").size(),
                "nothing ran again");
        assertTrue(env.rdsIn(a).describeDBInstances(q -> q.filters(f -> f.name("db-cluster-id").values(id))).dbInstances()
                .stream().noneMatch(i -> "db.serverless".equals(i.dbInstanceClass())), "this version's child never ran");
    }

    @Test
    void anInPlaceEngineUpgradeInAMemberAccountRunsItsNestedBlueGreenInThatAccount() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        env.deployMemberStack(a, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String id = TestEmulator.uniqueId("org-nested");
        RdsClient inA = env.rdsIn(a);
        DemoClusters.createConvertedV1(inA, id, "aurora-postgresql", "13.12");
        tag(inA, id, wave);
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a)), "canaryCount", 0,
                "defaults", Map.of("targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true, "postgresDatabaseCount", 6,
                        "switchoverPolicy", "AUTO", "allowWriterReboot", true, "pollIntervalSeconds", 1, "maxPollSeconds", 1,
                        "maxPollAttempts", 10));
        var ex = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-nested"), TestEmulator.JSON.writeValueAsString(input),
                orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        JsonNode row = TestEmulator.JSON.readTree(ex.output()).get("rows").get(0);
        assertEquals(List.of("SUCCEEDED", "SERVERLESS_V2"), List.of(row.get("outcome").asText(), row.get("status").asText()),
                row.toString());
        // The nested Blue/Green ran in the member account, in the member stack's own Blue/Green state machine (as on
        // AWS, where the member's in-place state machine starts it with its own role), and upgraded the member's cluster.
        String memberBlueGreen = dev.auroraupgrade.fleet.FleetTargets.machineArn("aws", a, LocalStepFunctions.REGION,
                dev.auroraupgrade.workflow.WorkflowKind.BLUE_GREEN);
        var nested = env.stepFunctions().executions(memberBlueGreen, a, "");
        assertEquals(1, nested.size(), nested.toString());
        assertEquals("SUCCEEDED", nested.get(0).status());
        assertEquals("16.6", inA.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0).engineVersion());
        assertTrue(env.nestedExecutions("BlueGreenUpgradeStateMachine", "").stream().noneMatch(e -> e.name().contains(id)),
                "no Blue/Green of the member's cluster in moto's default account");
    }

    private void provisioned(String account, String id, String wave) {
        RdsClient in = env.rdsIn(account);
        DemoClusters.createProvisioned(in, id, "aurora-postgresql", "14.9");
        if (wave != null) {
            tag(in, id, wave);
        }
    }

    private static void tag(RdsClient in, String id, String wave) {
        String arn = in.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0).dbClusterArn();
        in.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key("upgrade-wave").value(wave)));
    }

    /**
     * Issue 24: one dry run, one table. Known Extended Support costs from the local Price List fixture (us-east-1,
     * aurora-postgresql 13 in its first Extended Support year at $0.100 per vCPU-hour, 730 hours a month; 14 in
     * standard support): each row's cost and year, the totals per account, per Region and overall to the cent, the
     * table in S3 as JSON and CSV, and the SNS text's totals and costliest clusters.
     */
    @Test
    void aDryRunOverMemberAccountsPricesStandingStillPerClusterAccountRegionAndOverallAndWritesTheTableAsCsv()
            throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String execution = TestEmulator.uniqueId("org-table");
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        String b = LocalStepFunctions.newAccount();
        String missing = LocalStepFunctions.newAccount(); // no member stack
        env.deployMemberStack(a, fleetArn);
        env.deployMemberStack(b, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String a1 = TestEmulator.uniqueId("tbl-a-13"); // 2 x db.r6g.large: 4 vCPU x 0.100 x 730 = 292.00
        String a2 = TestEmulator.uniqueId("tbl-a-13"); // 1 x db.r5.large: 2 vCPU = 146.00
        String a3 = TestEmulator.uniqueId("tbl-a-14"); // 14: standard support, 0.00
        String b1 = TestEmulator.uniqueId("tbl-b-13"); // 1 x db.r5.2xlarge: 8 vCPU = 584.00
        // Refused before its plan (no target version), priced as it stands: aurora-mysql 5.7 is charged from 2024-12-01,
        // so in its third year, at the years 1-2 rate (Aurora MySQL has no year-3 rate); 2 x db.r5.large = 292.00.
        String b57 = TestEmulator.uniqueId("tbl-b-57");
        cluster(a, a1, "13.12", wave, "db.r6g.large", "db.r6g.large");
        cluster(a, a2, "13.12", wave, "db.r5.large");
        cluster(a, a3, "14.9", wave, "db.r5.large");
        cluster(b, b1, "13.12", wave, "db.r5.2xlarge");
        RdsClient inB = env.rdsIn(b);
        DemoClusters.createConvertedV1(inB, b57, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
        tag(inB, b57, wave);
        // Its last rehearsal, kept in member b's own Parameter Store: a failed one, which its row names too.
        String rehearsedAt = java.time.Instant.now().minusSeconds(7200).toString();
        try (var ssmB = env.ssmIn(b)) {
            dev.auroraupgrade.rehearsal.Rehearsals.write(ssmB, new dev.auroraupgrade.rehearsal.RehearsalRecord(b57, "FAILED",
                    "aurora-mysql", "5.7.mysql_aurora.2.12.3", "8.0.mysql_aurora.3.08.2", rehearsedAt, List.of(), List.of(),
                    new dev.auroraupgrade.rehearsal.RehearsalRecord.Durations(60L, 300L, 1200L, "test"), 1L, "rh-" + b57, false));
        }
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a), Map.of("account", b), Map.of("account", missing)),
                "dryRun", true, "maxConcurrency", 5);
        var ex = env.start(FleetWorkflowTest.MACHINE, execution, TestEmulator.JSON.writeValueAsString(input), orchestrator)
                .await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        Map<String, JsonNode> rows = new HashMap<>();
        out.get("rows").forEach(r -> rows.put(r.path("clusterIdentifier").asText("-"), r));
        for (Object[] want : List.of(new Object[] {a1, "292.0", 1, "aurora-postgresql", "13.12"},
                new Object[] {a2, "146.0", 1, "aurora-postgresql", "13.12"}, new Object[] {b1, "584.0", 1, "aurora-postgresql", "13.12"},
                new Object[] {a3, "0.0", null, "aurora-postgresql", "14.9"})) {
            JsonNode standing = rows.get((String) want[0]).get("standing");
            assertEquals(want[1], standing.get("monthlyExtendedSupport").asText(), want[0] + ": " + standing);
            assertEquals(want[2] == null, standing.get("supportYear").isNull(), standing.toString());
            if (want[2] != null) {
                assertEquals(want[2], standing.get("supportYear").asInt(), standing.toString());
            }
            assertEquals(want[2] != null, standing.get("inExtendedSupport").asBoolean(), standing.toString());
            assertEquals(List.of(want[3], want[4], "USD"), List.of(standing.get("engine").asText(),
                    standing.get("engineVersionBefore").asText(), standing.get("currency").asText()), standing.toString());
            assertTrue(standing.get("pricedBy").asText().startsWith("AWS Price List API, us-east-1, "), standing.toString());
        }
        JsonNode blockedRow = rows.get(b57);
        assertEquals("BLOCKED", blockedRow.get("status").asText(), blockedRow.toString());
        JsonNode blockedStanding = blockedRow.get("standing");
        assertEquals(List.of("aurora-mysql", "5.7.mysql_aurora.2.12.3", "292.0", "3", "2024-12-01", "USD"),
                List.of(blockedStanding.get("engine").asText(), blockedStanding.get("engineVersionBefore").asText(),
                        blockedStanding.get("monthlyExtendedSupport").asText(), blockedStanding.get("supportYear").asText(),
                        blockedStanding.get("chargesFrom").asText(), blockedStanding.get("currency").asText()),
                "a cluster refused before its plan still has its cost of standing still: " + blockedRow);
        assertTrue(blockedStanding.get("pricedBy").asText().startsWith("AWS Price List API, us-east-1, "), blockedStanding.toString());
        assertEquals(List.of("FAILED", rehearsedAt, "8.0.mysql_aurora.3.08.2"), List.of(blockedStanding.get("lastRehearsal").asText(),
                blockedStanding.get("lastRehearsedAt").asText(), blockedStanding.get("lastRehearsalTarget").asText()),
                "its last rehearsal, read in its own account: " + blockedStanding);
        assertTrue(rows.get(b1).get("standing").get("lastRehearsal").isNull(), "b1 was never rehearsed: " + rows.get(b1));

        JsonNode table = out.get("table");
        JsonNode overall = table.get("overall");
        assertEquals(0, new java.math.BigDecimal("1314.00").compareTo(overall.get("monthlyExtendedSupport").decimalValue()),
                overall.toString());
        assertEquals(List.of(5, 0, 4, 1), List.of(overall.get("clusters").asInt(), overall.get("unpriced").asInt(),
                overall.get("planned").asInt(), overall.get("blocked").asInt()), overall.toString());
        assertEquals(TestEmulator.JSON.readTree("{\"standard\": 1, \"year1\": 3, \"year3\": 1}"), overall.get("bySupportYear"));
        assertEquals(1, overall.get("blockedBy").get("InvalidInputException").asInt(), overall.toString());
        Map<String, JsonNode> accounts = new HashMap<>();
        table.get("byAccount").forEach(g -> accounts.put(g.get("account").asText(), g));
        assertEquals(2, accounts.size(), "the unreachable target has no cluster to count: " + table);
        assertEquals(0, new java.math.BigDecimal("438.00").compareTo(accounts.get(a).get("monthlyExtendedSupport").decimalValue()));
        assertEquals(0, new java.math.BigDecimal("876.00").compareTo(accounts.get(b).get("monthlyExtendedSupport").decimalValue()));
        assertEquals(List.of(3, 0, 2, 0), List.of(accounts.get(a).get("clusters").asInt(), accounts.get(a).get("unpriced").asInt(),
                accounts.get(b).get("clusters").asInt(), accounts.get(b).get("unpriced").asInt()), table.toString());
        assertEquals(1, table.get("byRegion").size(), table.toString());
        assertEquals("us-east-1", table.get("byRegion").get(0).get("region").asText());
        assertEquals(0, new java.math.BigDecimal("1314.00").compareTo(table.get("byRegion").get(0).get("monthlyExtendedSupport")
                .decimalValue()));

        // The SNS summary: the totals and the costliest clusters, most first.
        String text = out.get("text").asText();
        assertTrue(text.contains("Standing still, RDS Extended Support: 1314.00 USD per month; by support year: "
                + "standard 1, year1 3, year3 1"), text);
        assertTrue(text.contains("Account " + a + ": 438.00 USD per month") && text.contains("Account " + b + ": 876.00 USD per month")
                && text.contains("Region us-east-1: 1314.00 USD per month"), text);
        int costliest = text.indexOf("Costliest standing still (of 5):");
        assertTrue(costliest >= 0 && text.indexOf(b1 + " | 584.00 USD per month | year1") > costliest
                && text.indexOf(a1 + " | 292.00 USD per month") > text.indexOf(b1 + " | 584.00")
                && text.indexOf(a2 + " | 146.00 USD per month") > text.indexOf(a1 + " | 292.00")
                && text.indexOf(b57 + " | 292.00 USD per month | year3") > costliest, text);
        assertTrue(text.contains("Commonest blockers: InvalidInputException (1)"), text);
        assertTrue(out.get("subject").asText().length() < 100, out.get("subject").asText());

        // The table in S3 beside the JSON: RFC 4180 CSV, a header row, a record per row (the unreachable target's too).
        JsonNode report = out.get("report");
        String bucket = env.bucketName("FleetReportBucket");
        String csvKey = "fleets/" + execution + "/" + execution + ".csv";
        assertEquals(csvKey, report.get("csvKey").asText(), report.toString());
        assertTrue(report.get("csvError").isNull(), report.toString());
        assertTrue(text.contains("Full table: s3://" + bucket + "/fleets/" + execution + "/" + execution + ".json and s3://"
                + bucket + "/" + csvKey), text);
        assertEquals(out, TestEmulator.JSON.readTree(env.s3Object(bucket, report.get("jsonKey").asText())));
        String csv = env.s3Object(bucket, csvKey);
        String[] lines = csv.split("\r\n", -1);
        assertEquals("\"account\",\"region\",\"cluster\",\"route\",\"outcome\",\"status\",\"engine\",\"engineVersion\","
                + "\"engineVersionAfter\",\"lifecycle\",\"extendedSupportYear\",\"chargesFrom\",\"monthlyExtendedSupport\","
                + "\"currency\",\"pricedBy\",\"blockers\",\"lastRehearsal\",\"lastRehearsedAt\",\"lastRehearsalTarget\","
                + "\"error\",\"cause\",\"reason\",\"executionArn\"", lines[0], csv);
        assertEquals(1 + 6 + 1, lines.length, "header, 5 clusters and the unreachable target, and the final CRLF: " + csv);
        String a1Line = java.util.Arrays.stream(lines).filter(l -> l.contains("\"" + a1 + "\"")).findFirst().orElseThrow();
        assertTrue(a1Line.startsWith("\"" + a + "\",\"us-east-1\",\"" + a1 + "\",\"in-place\",\"SUCCEEDED\",\"PLANNED\","
                + "\"aurora-postgresql\",\"13.12\","), a1Line);
        assertTrue(a1Line.contains(",\"extended support\",1,") && a1Line.contains(",292.00,\"USD\","), a1Line);
        String b57Line = java.util.Arrays.stream(lines).filter(l -> l.contains("\"" + b57 + "\"")).findFirst().orElseThrow();
        assertTrue(b57Line.contains("\"InvalidInputException: ") && b57Line.contains("\"BLOCKED\"")
                && b57Line.contains(",\"extended support\",3,\"2024-12-01\",292.00,\"USD\","), b57Line);
    }

    /**
     * Issue 24: a real run's table has the same standing as a dry run's, from each child's own plan (its result carries
     * it): each row's engine, year and monthly cost standing still before the run, and the totals per account, per Region
     * and overall to the cent, in the output, the SNS text and the CSV. Costs as in the dry run's case above.
     */
    @Test
    void aRealRunAcrossMemberAccountsHasEachClustersStandingAndTheTotalsToTheCent() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String execution = TestEmulator.uniqueId("org-runtbl");
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String a = LocalStepFunctions.newAccount();
        String b = LocalStepFunctions.newAccount();
        env.deployMemberStack(a, fleetArn);
        env.deployMemberStack(b, fleetArn);
        String wave = TestEmulator.uniqueId("wave");
        String a1 = TestEmulator.uniqueId("rtb-a-13"); // 2 x db.r6g.large: 4 vCPU x 0.100 x 730 = 292.00
        String b1 = TestEmulator.uniqueId("rtb-b-13"); // 1 x db.r5.2xlarge: 8 vCPU = 584.00
        String b2 = TestEmulator.uniqueId("rtb-b-14"); // 14: standard support, 0.00
        cluster(a, a1, "13.12", wave, "db.r6g.large", "db.r6g.large");
        cluster(b, b1, "13.12", wave, "db.r5.2xlarge");
        cluster(b, b2, "14.9", wave, "db.r5.large");
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", List.of(Map.of("account", a), Map.of("account", b)), "canaryCount", 0, "maxConcurrency", 4,
                "startSpacingSeconds", 0, "defaults", Map.of("pollIntervalSeconds", 1, "maxPollSeconds", 1,
                        "maxPollAttempts", 10, "serverlessInstanceCount", 1));
        var ex = env.start(FleetWorkflowTest.MACHINE, execution, TestEmulator.JSON.writeValueAsString(input), orchestrator)
                .await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        Map<String, JsonNode> rows = new HashMap<>();
        out.get("rows").forEach(r -> rows.put(r.path("clusterIdentifier").asText("-"), r));
        for (Object[] want : List.of(new Object[] {a1, "292.0", 1, "13.12"}, new Object[] {b1, "584.0", 1, "13.12"},
                new Object[] {b2, "0.0", null, "14.9"})) {
            JsonNode row = rows.get((String) want[0]);
            assertEquals(List.of("SUCCEEDED", "SERVERLESS_V2"), List.of(row.get("outcome").asText(), row.get("status").asText()),
                    row.toString());
            JsonNode standing = row.get("standing");
            assertEquals(want[1], standing.path("monthlyExtendedSupport").asText(), want[0] + ": " + row);
            assertEquals(want[2] != null, standing.get("inExtendedSupport").asBoolean(), standing.toString());
            assertEquals(want[2] == null ? "null" : String.valueOf(want[2]), standing.get("supportYear").asText(), standing.toString());
            assertEquals(List.of("aurora-postgresql", want[3], "USD"), List.of(standing.get("engine").asText(),
                    standing.get("engineVersionBefore").asText(), standing.get("currency").asText()), standing.toString());
        }
        JsonNode table = out.get("table");
        JsonNode overall = table.get("overall");
        assertEquals(0, new java.math.BigDecimal("876.00").compareTo(overall.get("monthlyExtendedSupport").decimalValue()),
                overall.toString());
        assertEquals(List.of(3, 3, 0), List.of(overall.get("clusters").asInt(), overall.get("succeeded").asInt(),
                overall.get("unpriced").asInt()), overall.toString());
        assertEquals(TestEmulator.JSON.readTree("{\"standard\": 1, \"year1\": 2}"), overall.get("bySupportYear"));
        Map<String, JsonNode> accounts = new HashMap<>();
        table.get("byAccount").forEach(g -> accounts.put(g.get("account").asText(), g));
        assertEquals(0, new java.math.BigDecimal("292.00").compareTo(accounts.get(a).get("monthlyExtendedSupport").decimalValue()),
                table.toString());
        assertEquals(0, new java.math.BigDecimal("584.00").compareTo(accounts.get(b).get("monthlyExtendedSupport").decimalValue()),
                table.toString());
        assertEquals(0, new java.math.BigDecimal("876.00").compareTo(table.get("byRegion").get(0).get("monthlyExtendedSupport")
                .decimalValue()), table.toString());
        String text = out.get("text").asText();
        assertTrue(text.contains("Standing still, RDS Extended Support: 876.00 USD per month; by support year: standard 1, year1 2")
                && text.contains("Account " + a + ": 292.00 USD per month") && text.contains("Account " + b + ": 584.00 USD per month")
                && text.contains("Region us-east-1: 876.00 USD per month"), text);
        assertTrue(text.contains(b1 + " | 584.00 USD per month | year1"), text);
        String csv = env.s3Object(env.bucketName("FleetReportBucket"), out.get("report").get("csvKey").asText());
        String a1Line = java.util.Arrays.stream(csv.split("\r\n")).filter(l -> l.contains("\"" + a1 + "\"")).findFirst().orElseThrow();
        assertTrue(a1Line.startsWith("\"" + a + "\",\"us-east-1\",\"" + a1 + "\",\"in-place\",\"SUCCEEDED\",\"SERVERLESS_V2\","
                + "\"aurora-postgresql\",\"13.12\",") && a1Line.contains(",\"extended support\",1,")
                && a1Line.contains(",292.00,\"USD\","), a1Line);
    }

    /** A provisioned aurora-postgresql cluster in a member account, one instance per class given, tagged with the wave. */
    private void cluster(String account, String id, String version, String wave, String... classes) {
        RdsClient in = env.rdsIn(account);
        in.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion(version)
                .masterUsername("dbadmin").masterUserPassword("local-only-1"));
        for (int k = 0; k < classes.length; k++) {
            String name = id + "-" + (k + 1);
            String instanceClass = classes[k];
            in.createDBInstance(r -> r.dbInstanceIdentifier(name).dbClusterIdentifier(id).engine("aurora-postgresql")
                    .dbInstanceClass(instanceClass));
        }
        tag(in, id, wave);
    }

    @Test
    void eachAccountRunsWithinItsOwnCapAndTheAccountsRunInParallelWithinTheFleetsCap() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        String wave = TestEmulator.uniqueId("wave");
        List<String> accounts = List.of(LocalStepFunctions.newAccount(), LocalStepFunctions.newAccount(),
                LocalStepFunctions.newAccount());
        for (String account : accounts) {
            env.deployMemberStack(account, fleetArn);
            for (int i = 1; i <= 3; i++) {
                provisioned(account, TestEmulator.uniqueId("org-cap-" + i), wave);
            }
        }
        env.statuses().setPendingPolls(3); // each child's loops wait a few seconds: long enough to overlap
        String runId = TestEmulator.uniqueId("org-cap");
        // 2 per account and 4 in all: two accounts at once (4 / 2), the third as soon as one is done. No spacing,
        // so each account's two start together.
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "targets", accounts.stream().map(a -> Map.of("account", a)).toList(), "canaryCount", 0,
                "maxConcurrency", 4, "maxConcurrencyPerTarget", 2, "startSpacingSeconds", 0, "fleetRunId", runId,
                "defaults", Map.of("pollIntervalSeconds", 1, "maxPollSeconds", 1, "maxPollAttempts", 10));
        var fleet = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("org-cap"), TestEmulator.JSON.writeValueAsString(input),
                orchestrator);
        var ex = fleet.await(Duration.ofMinutes(8));
        assertSucceeded(ex);
        // An inline Map's iterations are in the parent's history, which holds at most 25,000 events (Step Functions
        // guide, "Using Map state in Inline mode"); the fleet's own events per cluster (both Maps' iterations, the budget check, the child task), at
        // the most clusters one fleet takes, stay within it. Each child's events are its own execution's.
        int events = fleet.history().size();
        assertTrue(events / 9.0 * dev.auroraupgrade.fleet.PlanFleet.MAX_CLUSTERS < 25_000, events + " events for 9 clusters");
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(9, out.get("totals").get("succeeded").asInt(), out.toString());
        for (JsonNode r : out.get("rows")) {
            assertTrue(accounts.contains(r.get("account").asText()) && "us-east-1".equals(r.get("region").asText()), r.toString());
        }
        // The children as each member account's Step Functions saw them (DescribeExecution's startDate and stopDate).
        List<LocalStepFunctions.ExecutionSummary> all = new java.util.ArrayList<>();
        for (String account : accounts) {
            var here = env.memberExecutions(account, dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE,
                    RdsNames.fleetRunTag(runId) + "-");
            assertEquals(3, here.size(), account + ": " + here);
            assertTrue(FleetWorkflowTest.peakOverlap(here) <= 2, account + ": at most 2 at once in one account: "
                    + FleetWorkflowTest.peakOverlap(here) + " " + here);
            all.addAll(here);
        }
        int overall = FleetWorkflowTest.peakOverlap(all);
        assertTrue(overall <= 4, "at most maxConcurrency in the whole fleet: " + overall + " " + all);
        assertTrue(overall > 2, "accounts ran in parallel: more at once than one account's cap: " + overall + " " + all);
    }
}
