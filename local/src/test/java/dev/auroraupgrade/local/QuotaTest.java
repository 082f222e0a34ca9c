package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The account's DB cluster and instance quotas (DescribeAccountAttributes), as the local layer reports and enforces
 * them: a run that would pass one at its peak is refused by name at pre-flight, before anything is created.
 */
class QuotaTest extends WorkflowTestSupport {
    QuotaTest() {
        super(BlueGreenWorkflowTest.MACHINE, "quota", Duration.ofMinutes(2));
    }

    @AfterEach
    void roomy() {
        env.quotas(100_000, 100_000);
    }

    private int clusters() {
        return rds.describeDBClustersPaginator().dbClusters().stream().mapToInt(c -> 1).sum();
    }

    private int instances() {
        return rds.describeDBInstancesPaginator().dbInstances().stream().mapToInt(i -> 1).sum();
    }

    @Test
    void aBlueGreenWhoseGreenWouldPassTheInstanceQuotaIsRefusedByNameBeforeAnyChange() throws Exception {
        String id = TestEmulator.uniqueId("quota-bg");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // Room for green's cluster, and for one of its two instances only.
        env.quotas(clusters() + 5, instances() + 1);
        int mark = env.rdsCalls().mark();
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertEquals("FAILED", ex.status());
        assertEquals("QuotaExceededException", ex.error(), ex.cause());
        assertTrue(ex.cause().contains("DBInstances: ") && ex.cause().contains("this run needs 2 more at its peak"), ex.cause());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());

        env.quotas(clusters() + 5, instances() + 2);
        var dry = env.execute(BlueGreenWorkflowTest.MACHINE, TestEmulator.uniqueId("quota-dry"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "dryRun", true)), Duration.ofMinutes(1));
        assertEquals("PLANNED", TestEmulator.JSON.readTree(dry.output()).get("status").asText(), dry.output());
    }

    @Test
    void aFleetThatWouldPassAQuotaIsRefusedBeforeAnyChildAndARehearsalFleetRunsFewerAtOnce() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = TestEmulator.uniqueId("quota-fl");
            DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
            ids.add(id);
        }
        List<Map<String, Object>> clusters = ids.stream().map(id -> Map.<String, Object>of("clusterIdentifier", id)).toList();
        // Three greens of two instances each, kept as old blues: 3 clusters and 6 instances. Room for 5 instances.
        env.quotas(clusters() + 10, instances() + 5);
        var handler = env.handler("PlanFleetFunction");
        Map<String, Object> machines = Map.of("blue-green", "arn:bg", "rehearse", "arn:rh");
        var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.auroraupgrade.errors.QuotaExceededException.class, () -> TestEmulator.invokeAs(
                "PlanFleetFunction", handler, Map.of("input", Map.of("workflow", "blue-green", "clusters", clusters,
                        "defaults", Map.of("targetEngineVersion", "16.6")), "executionName", "q", "startTime", "2026-12-02T00:00:00Z",
                        "stateMachines", machines)));
        assertTrue(refused.getMessage().contains("this fleet keeps 3 "
                + "cluster(s) and 6 instance(s) more"), refused.getMessage());
        // A rehearsal's clone stands only while it runs: two at once fit.
        env.quotas(clusters() + 2, instances() + 5);
        JsonNode plan = TestEmulator.invokeAs("PlanFleetFunction", handler, Map.of("input", Map.of("workflow", "rehearse",
                "clusters", clusters, "defaults", Map.of("targetEngineVersion", "16.6"), "maxConcurrency", 3),
                "executionName", "q", "startTime", "2026-12-02T00:00:00Z", "stateMachines", machines));
        assertEquals(2, plan.get("maxConcurrency").asInt(), plan.toString());
        assertTrue(plan.get("notices").toString().contains("maxConcurrency lowered from 3 to 2: each running child adds up to 1 cluster(s) and 1 instance(s) while it runs (its clone)"), plan.get("notices").toString());
        // An in-place compute move (no engine change) keeps nothing; its db.serverless instance stands beside the
        // provisioned ones while it runs: two at once fit.
        env.quotas(clusters(), instances() + 2);
        JsonNode move = TestEmulator.invokeAs("PlanFleetFunction", handler, Map.of("input", Map.of("workflow", "in-place",
                "clusters", clusters, "defaults", Map.of("serverlessInstanceCount", 1, "maxCapacity", 8), "maxConcurrency", 4),
                "executionName", "q", "startTime", "2026-12-02T00:00:00Z", "stateMachines", Map.of("in-place", "arn:ip")));
        assertEquals(2, move.get("maxConcurrency").asInt(), move.toString());
        // A dry run creates nothing: not judged.
        env.quotas(clusters(), instances());
        JsonNode dry = TestEmulator.invokeAs("PlanFleetFunction", handler, Map.of("input", Map.of("workflow", "blue-green",
                "clusters", clusters, "defaults", Map.of("targetEngineVersion", "16.6"), "dryRun", true), "executionName", "q",
                "startTime", "2026-12-02T00:00:00Z", "stateMachines", machines));
        assertEquals(3, PlanFleetTest.members(dry, "canaryGroups").size() + PlanFleetTest.members(dry, "otherGroups").size());
    }

    @Test
    void theInPlaceRouteCountsGreensCopiesAndTheInstancesItAdds() throws Exception {
        String id = TestEmulator.uniqueId("quota-ip");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // Green's two copies fit, the two db.serverless instances added after the switchover do not.
        env.quotas(clusters() + 5, instances() + 3);
        var ex = env.execute(InPlaceWorkflowTest.MACHINE, TestEmulator.uniqueId("quota-ip"), TestEmulator.JSON.writeValueAsString(
                Map.of("clusterIdentifier", id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "allowWriterReboot", true,
                        "dryRun", true)), Duration.ofMinutes(1));
        JsonNode plan = TestEmulator.JSON.readTree(ex.output());
        assertEquals("BLOCKED", plan.get("status").asText(), plan.toString());
        assertEquals("QuotaExceededException", plan.get("blockers").get(0).get("error").asText());
        assertTrue(plan.get("blockers").get(0).get("message").asText().contains("this run needs 4 more"), plan.toString());
    }

    @Test
    void theLocalLayerRefusesACreateOverTheQuotaAsRdsDoes() {
        env.quotas(clusters(), instances() + 10);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.services.rds.model.RdsException.class,
                () -> env.rds().createDBCluster(r -> r.dbClusterIdentifier(TestEmulator.uniqueId("quota-x")).engine("aurora-mysql")
                        .engineVersion("8.0.mysql_aurora.3.08.2").masterUsername("dbadmin").masterUserPassword("local-only-1")));
        assertEquals("DBClusterQuotaExceededFault", refused.awsErrorDetails().errorCode());
    }
}
