package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Application Auto Scaling on blue's Aurora Replicas through the whole Blue/Green workflow on the emulator. AWS does
 * not copy it to green and says to reconfigure it after the switchover (Aurora User Guide, Blue/Green limitations);
 * the local layer's switchover leaves the cluster id without it, as documented. The state machine reads it before the
 * pre-flight and puts it back after the switchover (AWS SDK integrations: the project's Java SDK has no module for
 * the service, so this test speaks its JSON 1.1 protocol to moto directly).
 */
class ReplicaAutoScalingTest extends WorkflowTestSupport {
    private static final String FROM = "8.0.mysql_aurora.3.04.0";
    private static final String TO = "8.0.mysql_aurora.3.08.2";
    private static final String DIMENSION = "rds:cluster:ReadReplicaCount";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    ReplicaAutoScalingTest() {
        super(BlueGreenWorkflowTest.MACHINE, "aas", Duration.ofMinutes(3));
    }

    @Test
    void bluesTargetTrackingPolicyIsReCreatedOnTheClusterAfterTheSwitchoverAndTheDryRunSaysItWillBe() throws Exception {
        String id = TestEmulator.uniqueId("aas-mysql");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String resource = "cluster:" + id;
        call("RegisterScalableTarget", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension",
                DIMENSION, "MinCapacity", 1, "MaxCapacity", 4));
        call("PutScalingPolicy", Map.of("PolicyName", "readers-cpu-60", "ServiceNamespace", "rds", "ResourceId", resource,
                "ScalableDimension", DIMENSION, "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of("TargetValue", 60.0, "PredefinedMetricSpecification",
                        Map.of("PredefinedMetricType", "RDSReaderAverageCPUUtilization"), "ScaleInCooldown", 300,
                        "ScaleOutCooldown", 120)));

        var dry = env.execute(BlueGreenWorkflowTest.MACHINE, TestEmulator.uniqueId("aas-dry"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", TO, "dryRun", true)), Duration.ofMinutes(2));
        assertSucceeded(dry);
        JsonNode plan = TestEmulator.JSON.readTree(dry.output());
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        assertTrue(plan.get("notices").toString().contains("1 scaling policy on " + resource + " (readers-cpu-60) and its "
                + "scalable target (1-4 replicas) will be re-created after the switchover"), plan.toString());

        var running = start(input(id, "targetEngineVersion", TO));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("SWITCHED_OVER", out.get("status").asText());
        JsonNode report = out.get("autoScaling");
        assertEquals("RECREATED", report.get("status").asText(), out.toString());
        assertEquals(List.of("readers-cpu-60"), texts(report.get("policiesRecreated")));
        assertEquals(List.of(), texts(report.get("listedAfterSwitchover")), "the switchover left the cluster id without it");
        assertBluesPolicyStandsOn(resource);

        // A re-run of the finished upgrade puts the same again: one target, one policy, unchanged.
        var again = run(input(id, "targetEngineVersion", TO));
        assertSucceeded(again);
        JsonNode second = TestEmulator.JSON.readTree(again.output());
        assertEquals("ALREADY_UPGRADED", second.get("status").asText(), second.toString());
        assertEquals(List.of("readers-cpu-60"), texts(second.get("autoScaling").get("listedAfterSwitchover")));
        assertBluesPolicyStandsOn(resource);
    }

    /**
     * Scheduled actions belong to the same scalable target, which AWS does not copy: each is put back with its schedule,
     * time zone, bounds and capacities, one with neither bound and one with both.
     */
    @Test
    void bluesScheduledActionsAreReCreatedWithTheirScheduleTimeZoneBoundsAndCapacities() throws Exception {
        String id = TestEmulator.uniqueId("aas-sched");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String resource = "cluster:" + id;
        long start = Instant.parse("2026-11-27T00:00:00Z").getEpochSecond();
        long end = Instant.parse("2026-11-30T00:00:00Z").getEpochSecond();
        call("RegisterScalableTarget", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension",
                DIMENSION, "MinCapacity", 1, "MaxCapacity", 4));
        call("PutScheduledAction", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension", DIMENSION,
                "ScheduledActionName", "business-hours", "Schedule", "cron(0 8 ? * MON-FRI *)", "Timezone", "Europe/Berlin",
                "ScalableTargetAction", Map.of("MinCapacity", 2, "MaxCapacity", 4)));
        call("PutScheduledAction", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension", DIMENSION,
                "ScheduledActionName", "black-friday", "Schedule", "rate(1 day)", "StartTime", start, "EndTime", end,
                "ScalableTargetAction", Map.of("MinCapacity", 4)));

        var dry = env.execute(BlueGreenWorkflowTest.MACHINE, TestEmulator.uniqueId("aas-sdry"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", TO, "dryRun", true)), Duration.ofMinutes(2));
        assertSucceeded(dry);
        assertTrue(dry.output().contains("0 scaling policies on " + resource + ", 2 scheduled actions (business-hours, "
                + "black-friday) and its scalable target (1-4 replicas) will be re-created after the switchover"), dry.output());

        var running = start(input(id, "targetEngineVersion", TO));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("SWITCHED_OVER", out.get("status").asText(), out.toString());
        JsonNode report = out.get("autoScaling");
        assertEquals("RECREATED", report.get("status").asText(), out.toString());
        assertEquals(List.of("business-hours", "black-friday"), texts(report.get("scheduledActionsRecreated")));

        Map<String, JsonNode> actions = new java.util.TreeMap<>();
        call("DescribeScheduledActions", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension",
                DIMENSION)).get("ScheduledActions").forEach(a -> actions.put(a.get("ScheduledActionName").asText(), a));
        assertEquals(List.of("black-friday", "business-hours"), List.copyOf(actions.keySet()), actions.toString());
        JsonNode hours = actions.get("business-hours");
        assertEquals("cron(0 8 ? * MON-FRI *)", hours.get("Schedule").asText());
        assertEquals("Europe/Berlin", hours.get("Timezone").asText());
        assertEquals(2, hours.get("ScalableTargetAction").get("MinCapacity").asInt());
        assertEquals(4, hours.get("ScalableTargetAction").get("MaxCapacity").asInt());
        assertTrue(!hours.hasNonNull("StartTime") && !hours.hasNonNull("EndTime"), hours.toString());
        JsonNode friday = actions.get("black-friday");
        assertEquals("rate(1 day)", friday.get("Schedule").asText());
        assertEquals(start, epochSeconds(friday.get("StartTime")), friday.toString());
        assertEquals(end, epochSeconds(friday.get("EndTime")), friday.toString());
        assertEquals(4, friday.get("ScalableTargetAction").get("MinCapacity").asInt());
        assertFalse(friday.get("ScalableTargetAction").has("MaxCapacity"), friday.toString());
    }

    private static long epochSeconds(JsonNode time) {
        return time.isNumber() ? time.asLong() : Instant.parse(time.asText()).getEpochSecond();
    }

    @Test
    void aClusterWithoutAutoScalingSaysSoAndPutsNothing() throws Exception {
        String id = TestEmulator.uniqueId("aas-none");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        var running = start(input(id, "targetEngineVersion", TO));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("NOTHING_TO_RECREATE", out.get("autoScaling").get("status").asText(), out.toString());
        assertEquals(0, ex.entered("ReRegisterScalableTarget"));
        assertTrue(out.get("notices").toString().contains("no Application Auto Scaling target on cluster:" + id), out.toString());
    }

    /** With switchoverPolicy NONE the switchover is the DBA's: the output gives the commands that re-create it. */
    @Test
    void underPolicyNoneTheOutputGivesTheCommandsForAfterYourSwitchover() throws Exception {
        String id = TestEmulator.uniqueId("aas-nosw");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String resource = "cluster:" + id;
        call("RegisterScalableTarget", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension",
                DIMENSION, "MinCapacity", 2, "MaxCapacity", 5));
        call("PutScalingPolicy", Map.of("PolicyName", "conns", "ServiceNamespace", "rds", "ResourceId", resource,
                "ScalableDimension", DIMENSION, "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of("TargetValue", 500.0, "PredefinedMetricSpecification",
                        Map.of("PredefinedMetricType", "RDSReaderAverageDatabaseConnections"))));
        var ex = run(input(id, "targetEngineVersion", TO, "switchoverPolicy", "NONE"));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("GREEN_READY", out.get("status").asText());
        assertEquals("NOT_RECREATED", out.get("autoScaling").get("status").asText(), out.toString());
        String next = out.get("nextSteps").toString();
        assertTrue(next.contains("aws application-autoscaling register-scalable-target --service-namespace rds --resource-id "
                + resource + " --scalable-dimension " + DIMENSION + " --min-capacity 2 --max-capacity 5"), next);
        assertTrue(next.contains("put-scaling-policy --service-namespace rds --resource-id " + resource), next);
        assertTrue(next.contains("RDSReaderAverageDatabaseConnections"), next);
        assertEquals(0, ex.entered("ReRegisterScalableTarget"));
    }

    /**
     * The state machine's own role (template.yaml) must allow the puts, and Application Auto Scaling checks its RDS
     * permissions first. Either refusal comes after the switchover: the run still finishes (old blue protected), and
     * the output says NOT_RECREATED with the refusal and the commands.
     */
    @Test
    void aRefusedReCreationAfterTheSwitchoverIsReportedWithTheCommandsAndTheRunStillFinishes() throws Exception {
        for (String revoked : List.of("application-autoscaling:PutScalingPolicy", "rds:CreateDBInstance")) {
            String id = TestEmulator.uniqueId("aas-iam");
            DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
            String resource = "cluster:" + id;
            call("RegisterScalableTarget", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension",
                    DIMENSION, "MinCapacity", 1, "MaxCapacity", 2));
            call("PutScalingPolicy", Map.of("PolicyName", "p", "ServiceNamespace", "rds", "ResourceId", resource,
                    "ScalableDimension", DIMENSION, "PolicyType", "TargetTrackingScaling",
                    "TargetTrackingScalingPolicyConfiguration", Map.of("TargetValue", 50.0, "PredefinedMetricSpecification",
                            Map.of("PredefinedMetricType", "RDSReaderAverageCPUUtilization"))));
            env.iam().revoke(LocalLambdaEndpoint.AUTO_SCALING_CALLER, revoked);
            var running = start(input(id, "targetEngineVersion", TO));
            putLag(greenOf(id), 0.0);
            var ex = running.await(Duration.ofMinutes(3));
            env.iam().restoreAll();
            assertSucceeded(ex);
            JsonNode out = TestEmulator.JSON.readTree(ex.output());
            assertEquals("SWITCHED_OVER", out.get("status").asText(), out.toString());
            assertEquals(TO, cluster(id).engineVersion(), "the switchover stands");
            assertTrue(cluster(id + "-old1").deletionProtection(), "finalize ran: the old blue is protected");
            JsonNode scaling = out.get("autoScaling");
            assertEquals("NOT_RECREATED", scaling.get("status").asText(), scaling.toString());
            assertTrue(scaling.get("detail").asText().contains(revoked.equals("rds:CreateDBInstance")
                    ? "ValidationException" : "PutScalingPolicy"), scaling.toString());
            String next = out.get("nextSteps").toString();
            assertTrue(next.contains("aws application-autoscaling put-scaling-policy --service-namespace rds --resource-id "
                    + resource + " --scalable-dimension " + DIMENSION + " --policy-name p --policy-type TargetTrackingScaling"), next);
        }
    }

    private void assertBluesPolicyStandsOn(String resource) {
        JsonNode targets = call("DescribeScalableTargets", Map.of("ServiceNamespace", "rds", "ResourceIds", List.of(resource),
                "ScalableDimension", DIMENSION)).get("ScalableTargets");
        assertEquals(1, targets.size(), targets.toString());
        assertEquals(1, targets.get(0).get("MinCapacity").asInt());
        assertEquals(4, targets.get(0).get("MaxCapacity").asInt());
        List<JsonNode> policies = new ArrayList<>();
        call("DescribeScalingPolicies", Map.of("ServiceNamespace", "rds", "ResourceId", resource, "ScalableDimension", DIMENSION))
                .get("ScalingPolicies").forEach(p -> {
                    if (p.get("ResourceId").asText().equals(resource)) {
                        policies.add(p);
                    }
                });
        assertEquals(1, policies.size(), policies.toString());
        JsonNode p = policies.get(0);
        assertEquals("readers-cpu-60", p.get("PolicyName").asText());
        assertEquals("TargetTrackingScaling", p.get("PolicyType").asText());
        JsonNode config = p.get("TargetTrackingScalingPolicyConfiguration");
        assertEquals(60.0, config.get("TargetValue").asDouble());
        assertEquals("RDSReaderAverageCPUUtilization", config.get("PredefinedMetricSpecification").get("PredefinedMetricType").asText());
        assertEquals(300, config.get("ScaleInCooldown").asInt());
        assertEquals(120, config.get("ScaleOutCooldown").asInt());
    }

    /** One Application Auto Scaling call to moto, JSON 1.1 (what the CLI and the SDKs send). */
    private JsonNode call(String operation, Map<String, Object> body) {
        try {
            var request = HttpRequest.newBuilder(env.emulator().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AnyScaleFrontendService." + operation)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/application-autoscaling/"
                            + "aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(TestEmulator.JSON.writeValueAsString(body))).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), operation + ": " + response.body());
            return TestEmulator.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
