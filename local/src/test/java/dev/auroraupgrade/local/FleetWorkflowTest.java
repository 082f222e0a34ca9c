package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.rds.RdsNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet end to end: statemachine/fleet.asl.json on moto's interpreter starts the real per-cluster definitions as
 * child executions (Map, startExecution.sync:2), every task a real handler against moto.
 */
class FleetWorkflowTest extends WorkflowTestSupport {
    static final String MACHINE = "FleetStateMachine";
    static final String IN_PLACE = "ServerlessV2InPlaceStateMachine";

    FleetWorkflowTest() {
        super(MACHINE, "fleet", Duration.ofMinutes(6));
    }

    @Test
    void anExplicitListRunsEveryClusterAndSummarizesEachRow() throws Exception {
        List<String> ids = provisioned("fl-list", 3, "aurora-postgresql", "14.9");
        var ex = run(fleet("in-place", "clusters", entries(ids), "maxConcurrency", 2));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(3, out.get("totals").get("succeeded").asInt(), out.toString());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode row = out.get("rows").get(i);
            assertEquals(ids.get(i), row.get("clusterIdentifier").asText(), "run order: the canary first, then the list");
            assertEquals("SUCCEEDED", row.get("outcome").asText(), row.toString());
            assertEquals("SERVERLESS_V2", row.get("status").asText(), row.toString());
            assertEquals("14.9", row.get("engineVersion").asText());
            assertTrue(row.get("executionArn").asText().contains(":execution:ServerlessV2InPlaceStateMachine:"), row.toString());
            assertTrue(lookup.clusterInstances(ids.get(i)).stream().allMatch(x -> "db.serverless".equals(x.dbInstanceClass())));
        }
        assertTrue(out.get("text").asText().contains(ids.get(2) + " | SUCCEEDED | SERVERLESS_V2"), out.get("text").asText());
        // Each compute move leaves its IaC to update: capacity, two provisioned instances gone, one db.serverless added.
        for (int i = 0; i < ids.size(); i++) {
            JsonNode row = out.get("rows").get(i);
            assertEquals("UPDATE", row.get("iacStatus").asText(), row.toString());
            assertEquals(5, row.get("iacChanges").asInt(), row.toString());
            assertTrue(row.get("iacStack").isNull(), "no stack made these: " + row);
            assertEquals(ids.get(i) + ": 5 values", out.get("iacToUpdate").get(i).asText());
            assertTrue(out.get("text").asText().contains("IaC to update (iacFollowUp of each run): 3\n")
                    && out.get("text").asText().contains(ids.get(i) + ": 5 values\n"), out.get("text").asText());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFleetRehearsalIsAReadinessReportAFailedRehearsalIsAFindingNotAFleetFailure() throws Exception {
        List<String> ids = provisioned("fl-rh", 3, "aurora-postgresql", "14.9");
        env.failUpgradePrechecks(ids.get(1));
        Map<String, Object> in = fleet("rehearse", "clusters", entries(ids), "maxConcurrency", 2);
        ((Map<String, Object>) in.get("defaults")).put("targetEngineVersion", "16.6");
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(3, out.get("totals").get("succeeded").asInt(), out.toString());
        assertEquals(0, out.get("totals").get("failed").asInt(), "a failed rehearsal is a finding");
        assertEquals(List.of("PASSED", "FAILED", "PASSED"), texts(out.get("rows"), "status"));
        JsonNode failed = out.get("rows").get(1);
        assertEquals("16.6", failed.get("engineVersion").asText());
        for (JsonNode row : out.get("rows")) {
            assertEquals("NONE", row.get("iacStatus").asText(), "a rehearsal changes nothing an IaC declares: " + row);
            assertEquals(0, row.get("iacChanges").asInt(), row.toString());
        }
        assertEquals(0, out.get("iacToUpdate").size(), out.toString());
        assertFalse(out.get("text").asText().contains("IaC to update"), out.get("text").asText());
        assertTrue(failed.get("failedChecks").get(0).asText().startsWith("Checking for reg* data types in user tables"),
                failed.toString());
        assertTrue(out.get("rows").get(0).get("rehearsedUpgradeSeconds").isNumber(), out.get("rows").get(0).toString());
        assertTrue(out.get("text").asText().contains(ids.get(1) + " | SUCCEEDED | FAILED | 16.6"), out.get("text").asText());
        assertTrue(out.get("text").asText().contains("failed checks: Checking for reg* data types"), out.get("text").asText());
        for (String id : ids) {
            assertTrue(lookup.cluster(dev.auroraupgrade.rds.RdsNames.rehearsalClone(id)).isEmpty(), "every clone is gone");
            assertEquals("14.9", cluster(id).engineVersion(), "no cluster was changed");
        }
    }

    @Test
    void aBlueGreenFleetListsTheOldBlueItsUpgradeLeavesStandingAndWhatItCosts() throws Exception {
        List<String> ids = provisioned("fl-bg", 1, "aurora-postgresql", "14.9");
        Map<String, Object> in = fleet("blue-green", "clusters", entries(ids), "canaryCount", 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> defaults = (Map<String, Object>) in.get("defaults");
        defaults.put("targetEngineVersion", "16.6");
        defaults.put("acceptUncheckedReplicaLag", true);
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        String oldBlue = ids.get(0) + "-old1";
        assertTrue(lookup.cluster(oldBlue).isPresent(), "the child kept its old blue");
        JsonNode row = out.get("rows").get(0).get("oldBlue");
        assertEquals(oldBlue, row.get("oldBlueClusterIdentifier").asText(), out.toString());
        assertEquals("KEPT", row.get("status").asText());
        assertEquals(1, out.get("oldBlues").size(), out.toString());
        assertEquals(ids.get(0), out.get("oldBlues").get(0).get("clusterIdentifier").asText());
        JsonNode monthly = row.get("monthlyExtendedSupport");
        assertTrue(monthly.isNumber(), "priced at the child's pre-flight: " + row);
        assertEquals(monthly.asDouble(), out.get("oldBlueMonthlyTotal").asDouble(), out.toString());
        String text = out.get("text").asText();
        assertTrue(text.contains("Old blues still standing (billed until deleted): 1") && text.contains(oldBlue
                + " (old blue of " + ids.get(0) + ") | " + monthly.asDouble() + " per month | kept"), text);
    }

    /**
     * A Blue/Green fleet plan reads each cluster's last rehearsal (Parameter Store, as RecordRehearsal keeps it): the
     * row and the CSV say it, beside what the cluster costs in Extended Support standing still (aurora-mysql 5.7: the
     * year-1 rate throughout, $0.100 per vCPU-hour in the local Price List fixture; two db.r6g.large writers and
     * readers of 2 vCPU: 4 x 0.100 x 730 = 292.00 a month).
     */
    @Test
    void aBlueGreenFleetPlanNamesEachClustersLastRehearsalAndItsCostStandingStill() throws Exception {
        List<String> ids = provisioned("fl-rh", 2, "aurora-mysql", "5.7.mysql_aurora.2.11.4");
        String target = "8.0.mysql_aurora.3.05.2";
        String at = java.time.Instant.now().minusSeconds(3600).toString();
        dev.auroraupgrade.rehearsal.Rehearsals.write(env.ssm(), new dev.auroraupgrade.rehearsal.RehearsalRecord(ids.get(0),
                "PASSED", "aurora-mysql", "5.7.mysql_aurora.2.11.4", target, at, List.of(), List.of(),
                new dev.auroraupgrade.rehearsal.RehearsalRecord.Durations(60L, 300L, 1200L, "test"), 1L, "rh-1", false));
        Map<String, Object> in = fleet("blue-green", "clusters", entries(ids), "dryRun", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> defaults = (Map<String, Object>) in.get("defaults");
        defaults.put("targetEngineVersion", target);
        String queue = subscribeQueue();
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(List.of("PLANNED", "PLANNED"), texts(out.get("rows"), "status"), out.toString());
        JsonNode rehearsed = out.get("rows").get(0).get("standing");
        assertEquals(List.of("PASSED", at, target), List.of(rehearsed.get("lastRehearsal").asText(),
                rehearsed.get("lastRehearsedAt").asText(), rehearsed.get("lastRehearsalTarget").asText()), rehearsed.toString());
        assertTrue(out.get("rows").get(1).get("standing").get("lastRehearsal").isNull(), "never rehearsed: " + out);
        for (JsonNode r : out.get("rows")) {
            JsonNode st = r.get("standing");
            assertEquals("aurora-mysql", st.get("engine").asText(), st.toString());
            assertTrue(st.get("inExtendedSupport").asBoolean(), st.toString());
            assertEquals(292.0, st.get("monthlyExtendedSupport").asDouble(), st.toString());
        }
        JsonNode overall = out.get("table").get("overall");
        assertEquals(0, new java.math.BigDecimal("584.00").compareTo(overall.get("monthlyExtendedSupport").decimalValue()),
                overall.toString());
        // Aurora MySQL 5.7 is charged from 2024-12-01 (the dated table): its third support year began 2026-12-01, at the
        // year-1 rate still. This holds until 2027-12-01.
        assertEquals(3, rehearsed.get("supportYear").asInt(), rehearsed.toString());
        assertEquals(2, overall.get("bySupportYear").get("year3").asInt(), overall.toString());
        String text = out.get("text").asText();
        assertTrue(text.contains("Standing still, RDS Extended Support: 584.00 USD per month; by support year: year3 2"), text);
        assertTrue(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(ids.get(0) + " | SUCCEEDED | PLANNED | " + target)
                + " \\| [0-9]+ s " + java.util.regex.Pattern.quote("| 292.00 USD per month | last rehearsal PASSED " + at))
                .matcher(text).find(), text);
        // What SNS delivered to a subscriber: the subject and the text as the output has them.
        List<String> sent = notifications(queue, "Fleet " + out.get("fleetRunId").asText() + " (blue-green, dry run)");
        assertEquals(List.of(out.get("subject").asText() + " | " + text), sent);
        String csv = env.s3Object(env.bucketName("FleetReportBucket"), out.get("report").get("csvKey").asText());
        assertTrue(csv.contains(",\"PASSED\",\"" + at + "\",\"" + target + "\","), csv);
        assertTrue(csv.contains(",\"blue-green\","), csv);
    }

    /**
     * The CSV is written by the summarizing function under its own grant (s3:PutObject on the bucket's fleets/*, checked
     * against its role from template.yaml): without it the fleet still succeeds, the JSON is still written, and the
     * output and the text say why the CSV is missing.
     */
    @Test
    void aCsvThatCannotBeWrittenIsSaidNotAFailedFleet() throws Exception {
        List<String> ids = provisioned("fl-csv", 1, "aurora-postgresql", "14.9");
        env.iam().revoke("SummarizeFleetFunction", "s3:PutObject");
        var ex = run(fleet("in-place", "clusters", entries(ids), "dryRun", true));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        JsonNode report = out.get("report");
        assertTrue(report.get("csvError").asText().contains("s3:PutObject was revoked from SummarizeFleetFunction"),
                report.toString());
        String bucket = env.bucketName("FleetReportBucket");
        assertEquals(null, env.s3Object(bucket, report.get("csvKey").asText()), "no CSV");
        assertEquals(out, TestEmulator.JSON.readTree(env.s3Object(bucket, report.get("jsonKey").asText())), "the JSON is there");
        assertTrue(out.get("text").asText().contains("(the CSV was not written: "), out.get("text").asText());
    }

    /** An in-place fleet plan with an engine upgrade reads the last rehearsal through its nested Blue/Green's checks. */
    @Test
    void anInPlaceFleetPlanWithAnUpgradeNamesTheLastRehearsalToo() throws Exception {
        List<String> ids = provisioned("fl-iprh", 1, "aurora-mysql", "5.7.mysql_aurora.2.11.4");
        String target = "8.0.mysql_aurora.3.05.2";
        String at = java.time.Instant.now().minusSeconds(7200).toString();
        dev.auroraupgrade.rehearsal.Rehearsals.write(env.ssm(), new dev.auroraupgrade.rehearsal.RehearsalRecord(ids.get(0),
                "PASSED", "aurora-mysql", "5.7.mysql_aurora.2.11.4", target, at, List.of(), List.of(),
                new dev.auroraupgrade.rehearsal.RehearsalRecord.Durations(60L, 300L, 1200L, "test"), 1L, "rh-2", false));
        Map<String, Object> in = fleet("in-place", "clusters", entries(ids), "dryRun", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> defaults = (Map<String, Object>) in.get("defaults");
        defaults.put("targetEngineVersion", target);
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode row = TestEmulator.JSON.readTree(ex.output()).get("rows").get(0);
        JsonNode st = row.get("standing");
        assertEquals("PLANNED", row.get("status").asText(), row.toString());
        assertEquals(List.of("PASSED", at, target), List.of(st.get("lastRehearsal").asText(), st.get("lastRehearsedAt").asText(),
                st.get("lastRehearsalTarget").asText()), row.toString());
    }

    /**
     * A rehearsal fleet's rows carry the cost standing still too (the rehearsal reads the Price List as the other routes
     * do, and its real run's plan prices it) and the rehearsal the cluster had before this one: aurora-mysql 5.7, two
     * db.r6g.large, 292.00 a month as above.
     */
    @Test
    void aRehearsalFleetsRowsCarryTheCostStandingStillAndThePreviousRehearsal() throws Exception {
        List<String> ids = provisioned("fl-rhc", 1, "aurora-mysql", "5.7.mysql_aurora.2.11.4");
        String target = "8.0.mysql_aurora.3.05.2";
        String at = storeRehearsal(ids.get(0), target, 5400);
        Map<String, Object> in = fleet("rehearse", "clusters", entries(ids));
        @SuppressWarnings("unchecked")
        Map<String, Object> defaults = (Map<String, Object>) in.get("defaults");
        defaults.put("targetEngineVersion", target);
        var ex = run(in);
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        JsonNode row = out.get("rows").get(0);
        assertEquals(List.of("SUCCEEDED", "PASSED"), List.of(row.get("outcome").asText(), row.get("status").asText()), row.toString());
        JsonNode st = row.get("standing");
        assertEquals(292.0, st.path("monthlyExtendedSupport").asDouble(-1), row.toString());
        assertTrue(st.get("inExtendedSupport").asBoolean() && st.get("pricedBy").asText().startsWith("AWS Price List API, "),
                st.toString());
        assertEquals(List.of("PASSED", at, target), List.of(st.get("lastRehearsal").asText(), st.get("lastRehearsedAt").asText(),
                st.get("lastRehearsalTarget").asText()), "the rehearsal before this one: " + st);
        assertEquals(0, new java.math.BigDecimal("292.00").compareTo(out.get("table").get("overall").get("monthlyExtendedSupport")
                .decimalValue()), out.get("table").toString());
        assertTrue(out.get("text").asText().contains("Standing still, RDS Extended Support: 292.00 USD per month"),
                out.get("text").asText());
    }

    /**
     * A migration's plan reads the source's last rehearsal as the other routes' plans do (Parameter Store, the same
     * reader), so a migrate fleet's rows name it, for a dry run and for a run.
     */
    @Test
    void aMigrateFleetsRowsNameTheLastRehearsalForADryRunAndARun() throws Exception {
        String source = TestEmulator.uniqueId("fl-mgrh");
        DemoClusters.createV1(rds, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
        String target = "8.0.mysql_aurora.3.08.2";
        String at = storeRehearsal(source, target, 3600);
        for (boolean dryRun : List.of(true, false)) {
            Map<String, Object> in = fleet("migrate", "clusters", List.of(Map.of("sourceClusterIdentifier", source)),
                    "dryRun", dryRun);
            @SuppressWarnings("unchecked")
            Map<String, Object> defaults = (Map<String, Object>) in.get("defaults");
            defaults.put("targetEngineVersion", target);
            defaults.put("maxCapacity", 8);
            var ex = run(in);
            assertSucceeded(ex);
            JsonNode row = TestEmulator.JSON.readTree(ex.output()).get("rows").get(0);
            assertEquals(List.of("SUCCEEDED", dryRun ? "PLANNED" : "SUCCEEDED"), List.of(row.get("outcome").asText(),
                    row.get("status").asText()), row.toString());
            JsonNode st = row.get("standing");
            assertEquals(List.of("aurora-mysql", "PASSED", at, target), List.of(st.get("engine").asText(),
                    st.get("lastRehearsal").asText(), st.get("lastRehearsedAt").asText(), st.get("lastRehearsalTarget").asText()),
                    "dry run " + dryRun + ": " + row);
        }
        assertTrue(lookup.cluster(source + "-v2").isPresent(), "the run migrated the source");
    }

    /** A passed rehearsal of {@code cluster} to {@code target}, {@code agoSeconds} ago, as RecordRehearsal keeps it. */
    private String storeRehearsal(String cluster, String target, long agoSeconds) {
        String at = java.time.Instant.now().minusSeconds(agoSeconds).toString();
        dev.auroraupgrade.rehearsal.Rehearsals.write(env.ssm(), new dev.auroraupgrade.rehearsal.RehearsalRecord(cluster,
                "PASSED", "aurora-mysql", "5.7.mysql_aurora.2.11.4", target, at, List.of(), List.of(),
                new dev.auroraupgrade.rehearsal.RehearsalRecord.Durations(60L, 300L, 1200L, "test"), 1L, "rh-" + cluster, false));
        return at;
    }

    @Test
    void aSelectorFindsTaggedClustersOfOneEngineAndLeavesWhatThisToolCreatedAlone() throws Exception {
        String wave = TestEmulator.uniqueId("wave");
        List<String> pg = provisioned("fl-sel-pg", 2, "aurora-postgresql", "14.9");
        List<String> mysql = provisioned("fl-sel-my", 1, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        List<String> oldBlue = provisioned("fl-sel-old", 1, "aurora-postgresql", "14.9");
        for (String id : concat(pg, mysql, oldBlue)) {
            tag(id, "upgrade-wave", wave);
        }
        tag(oldBlue.get(0), "aurora-upgrade:old-blue-of", pg.get(0));
        var ex = run(fleet("in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave), "engine", "aurora-postgresql"),
                "canaryCount", 0));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(pg, texts(out.get("rows"), "clusterIdentifier"), "the PostgreSQL clusters of the wave, sorted");
        assertTrue(out.get("excluded").toString().contains(oldBlue.get(0) + ": the old blue of " + pg.get(0)), out.toString());
        assertEquals(2, out.get("totals").get("succeeded").asInt());
        assertTrue(lookup.clusterInstances(mysql.get(0)).stream().noneMatch(i -> "db.serverless".equals(i.dbInstanceClass())),
                "the other engine was not touched");

        var none = run(fleet("in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave + "-nobody"))));
        assertEquals("EmptyFleetSelectionException", none.error(), none.cause());
        var tooMany = run(fleet("in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)), "maxClusters", 2));
        assertEquals("FleetTooLargeException", tooMany.error(), tooMany.cause());
        assertTrue(tooMany.cause().contains("maxClusters = 2") && tooMany.cause().contains("No cluster was started"),
                tooMany.cause());
    }

    @Test
    void noMoreChildrenRunAtOnceThanTheCapAndABadInputFailsOnlyItsCluster() throws Exception {
        List<String> ids = provisioned("fl-cap", 5, "aurora-postgresql", "14.9");
        List<Map<String, Object>> entries = new ArrayList<>(entries(ids));
        entries.set(3, Map.of("clusterIdentifier", ids.get(3), "targetEngineVerson", "16.6")); // a typo
        String runId = TestEmulator.uniqueId("cap");
        var ex = run(fleet("in-place", "clusters", entries, "maxConcurrency", 2, "maxFailures", 1, "fleetRunId", runId,
                "startSpacingSeconds", 3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        JsonNode bad = out.get("rows").get(3);
        assertEquals("FAILED", bad.get("outcome").asText());
        assertEquals("InvalidInputException", bad.get("error").asText(), "the child's own error, not States.TaskFailed");
        assertTrue(bad.get("cause").asText().contains("targetEngineVerson"), bad.toString());
        assertEquals(4, out.get("totals").get("succeeded").asInt(), out.toString());
        var children = env.nestedExecutions(IN_PLACE, RdsNames.fleetRunTag(runId) + "-");
        assertEquals(5, children.size());
        assertTrue(peakOverlap(children) <= 2, "at most maxConcurrency children at once: " + peakOverlap(children));
        assertTrue(peakOverlap(children) == 2, "the cap was used: " + peakOverlap(children));
        // After the canary, the first wave of two: the second iteration waits startSpacingSeconds (3) before its
        // budget check and child; the first's budget check may take longer (a cold function), hence 2 s, not 3.
        // Without the spacing the two start within a fraction of a second.
        var starts = children.stream().map(LocalStepFunctions.ExecutionSummary::startDate).sorted().toList();
        assertTrue(java.time.Duration.between(starts.get(1), starts.get(2)).toMillis() >= 2000, starts.toString());
    }

    @Test
    void aFailedCanaryStopsTheRestAndNothingElseStarts() throws Exception {
        String blocked = TestEmulator.uniqueId("fl-can-57");
        DemoClusters.createConvertedV1(rds, blocked, "aurora-mysql", "5.7.mysql_aurora.2.12.3"); // needs a target version
        List<String> rest = provisioned("fl-can", 2, "aurora-postgresql", "14.9");
        String runId = TestEmulator.uniqueId("canary");
        var ex = run(fleet("in-place", "clusters", entries(concat(List.of(blocked), rest)), "fleetRunId", runId));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("FAILED", out.get("rows").get(0).get("outcome").asText());
        assertEquals("InvalidInputException", out.get("rows").get(0).get("error").asText());
        for (int i = 1; i <= 2; i++) {
            JsonNode row = out.get("rows").get(i);
            assertEquals("NOT_STARTED", row.get("outcome").asText(), row.toString());
            assertTrue(row.get("reason").asText().contains("canary " + blocked), row.toString());
        }
        assertEquals(1, env.nestedExecutions(IN_PLACE, RdsNames.fleetRunTag(runId) + "-").size(), "only the canary ran");
        assertTrue(out.get("text").asText().contains("1 failed, 2 not started"), out.get("text").asText());
    }

    @Test
    void onceMoreThanMaxFailuresHaveFailedNoNewClusterStarts() throws Exception {
        List<String> ids = provisioned("fl-bud", 5, "aurora-postgresql", "14.9");
        List<Map<String, Object>> entries = new ArrayList<>(entries(ids));
        entries.set(1, Map.of("clusterIdentifier", ids.get(1), "maxCapacity", 999.0));
        entries.set(2, Map.of("clusterIdentifier", ids.get(2), "maxCapacity", 999.0));
        var ex = run(fleet("in-place", "clusters", entries, "maxConcurrency", 1, "canaryCount", 0, "maxFailures", 1));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(List.of("SUCCEEDED", "FAILED", "FAILED", "NOT_STARTED", "NOT_STARTED"),
                texts(out.get("rows"), "outcome"), out.toString());
        assertEquals("InvalidCapacityException", out.get("rows").get(1).get("error").asText());
        assertTrue(out.get("rows").get(3).get("reason").asText().contains("failure budget is spent"), out.toString());
        assertTrue(lookup.clusterInstances(ids.get(4)).stream().noneMatch(i -> "db.serverless".equals(i.dbInstanceClass())));
    }

    @Test
    void aDryRunFleetPlansEveryClusterAndChangesNothing() throws Exception {
        List<String> ids = provisioned("fl-dry", 2, "aurora-postgresql", "14.9");
        String blocked = TestEmulator.uniqueId("fl-dry-57");
        DemoClusters.createConvertedV1(rds, blocked, "aurora-mysql", "5.7.mysql_aurora.2.12.3");
        int mark = env.rdsCalls().mark();
        var ex = run(fleet("in-place", "clusters", entries(concat(ids, List.of(blocked))), "dryRun", true));
        assertSucceeded(ex);
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList(),
                "no mutating RDS call");
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals(List.of("PLANNED", "PLANNED", "BLOCKED"), texts(out.get("rows"), "status"), out.toString());
        assertEquals(2, out.get("totals").get("planned").asInt());
        assertEquals(1, out.get("totals").get("blocked").asInt());
        // The BLOCKED row names its blocker, and the totals count blockers by error name: a to-do list.
        JsonNode row = out.get("rows").get(2);
        assertEquals(1, row.get("blockers").size(), row.toString());
        String blocker = row.get("blockers").get(0).asText();
        assertTrue(blocker.startsWith("InvalidInputException: ") && blocker.contains("'targetEngineVersion' is required"), blocker);
        assertEquals(1, out.get("totals").get("blockedBy").get("InvalidInputException").asInt(), out.toString());
        assertTrue(out.get("text").asText().contains(blocked + " | SUCCEEDED | BLOCKED") && out.get("text").asText()
                .contains("| InvalidInputException: Invalid input: 'targetEngineVersion' is required"), out.get("text").asText());
        assertTrue(out.get("dryRun").asBoolean());
    }

    @Test
    void aFleetStoppedMidwayResumesItsChildrenWithoutRunningAnyTwice() throws Exception {
        List<String> ids = provisioned("fl-again", 3, "aurora-postgresql", "14.9");
        String runId = TestEmulator.uniqueId("resume");
        String tag = RdsNames.fleetRunTag(runId) + "-";
        Map<String, Object> in = fleet("in-place", "clusters", entries(ids), "maxConcurrency", 1, "canaryCount", 0,
                "fleetRunId", runId);
        var first = start(in);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (env.nestedExecutions(IN_PLACE, tag).stream().filter(e -> e.status().equals("SUCCEEDED")).count() < 1) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the first cluster never finished");
            LocalStepFunctions.sleep(200);
        }
        first.stop("interrupted by the test");
        var again = run(in);
        assertSucceeded(again);
        JsonNode out = TestEmulator.JSON.readTree(again.output());
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED"), texts(out.get("rows"), "outcome"), out.toString());
        assertTrue(out.get("rows").get(0).get("resumed").asBoolean(), "the finished cluster's result was taken as it was");
        for (String id : ids) {
            long succeeded = env.nestedExecutions(IN_PLACE, tag).stream().filter(e -> e.name().endsWith("-" + id))
                    .filter(e -> e.status().equals("SUCCEEDED")).count();
            assertEquals(1, succeeded, id + " ran to success exactly once");
            assertEquals(1, lookup.clusterInstances(id).stream().filter(i -> "db.serverless".equals(i.dbInstanceClass())).count());
        }
    }

    // --- helpers ---

    /** The most child executions that ran at the same moment. */
    static int peakOverlap(List<LocalStepFunctions.ExecutionSummary> children) {
        int peak = 0;
        for (var c : children) {
            int at = 0;
            for (var o : children) {
                if (!o.startDate().isAfter(c.startDate()) && (o.stopDate() == null || o.stopDate().isAfter(c.startDate()))) {
                    at++;
                }
            }
            peak = Math.max(peak, at);
        }
        return peak;
    }

    private void tag(String cluster, String key, String value) {
        rds.addTagsToResource(r -> r.resourceName(lookup.cluster(cluster).orElseThrow().dbClusterArn())
                .tags(t -> t.key(key).value(value)));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private List<String> provisioned(String prefix, int n, String engine, String version) {
        List<String> ids = new ArrayList<>();
        String base = TestEmulator.uniqueId(prefix);
        for (int i = 1; i <= n; i++) {
            String id = base + "-" + i;
            DemoClusters.createProvisioned(rds, id, engine, version);
            ids.add(id);
        }
        return ids;
    }

    private static List<Map<String, Object>> entries(List<String> ids) {
        return ids.stream().map(id -> Map.<String, Object>of("clusterIdentifier", id)).toList();
    }

    /**
     * A fleet input whose children poll every second, at most ten times, with one db.serverless instance each, and
     * start at once.
     */
    private static Map<String, Object> fleet(String workflow, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("workflow", workflow);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("minPollSeconds", 1);
        defaults.put("maxPollSeconds", 1);
        defaults.put("maxPollAttempts", 10);
        if (!workflow.equals("migrate") && !workflow.equals("rehearse")) {
            defaults.put("switchoverPolicy", "AUTO");
            defaults.put("allowWriterReboot", true);
        }
        if (workflow.equals("in-place")) {
            defaults.put("serverlessInstanceCount", 1);
        }
        in.put("defaults", defaults);
        in.put("startSpacingSeconds", 0);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }
}
