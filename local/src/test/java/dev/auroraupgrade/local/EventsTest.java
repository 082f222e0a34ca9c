package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.migration.PreflightMigration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in events/ is accepted by its handler (what `sam local invoke Fn -e events/Fn.json` runs), against
 * the demo clusters after the sample runs, as they would be on AWS: the MySQL migration has finished, and the
 * MySQL Blue/Green upgrade stands with green ready (NONE policy). The Blue/Green events then run in workflow
 * order (template order), through switchover and finalize.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the function events end with the demo upgrade switched over
class EventsTest {
    private static LocalEnvironment env;

    @BeforeAll
    static void migrateTheDemoCluster() throws IOException {
        env = TestEmulator.get();
        DemoClusters.seed(env.rds());
        var ex = env.execute(MigrationWorkflowTest.MACHINE, TestEmulator.uniqueId("events"),
                RunLocal.localInput(Files.readString(TestEmulator.root().resolve("events/execution-input-mysql.json"))),
                Duration.ofMinutes(5));
        assertEquals("SUCCEEDED", ex.status(), () -> ex.error() + ": " + ex.cause());
        var input = (com.fasterxml.jackson.databind.node.ObjectNode) TestEmulator.JSON.readTree(RunLocal.localInput(
                Files.readString(TestEmulator.root().resolve("events/execution-input-blue-green-mysql.json"))));
        input.put("switchoverPolicy", "NONE");
        var bg = env.execute("BlueGreenUpgradeStateMachine", TestEmulator.uniqueId("events-bg"), input.toString(),
                Duration.ofMinutes(5));
        assertEquals("SUCCEEDED", bg.status(), () -> bg.error() + ": " + bg.cause());
        env.sns().createTopic(r -> r.name("aurora-upgrade-notifications"));
        // The per-cluster state machines a fleet starts and reads (the ARNs its sample events name).
        STATE_MACHINES.values().forEach(env::nestedStateMachineArn);
    }

    /** The per-cluster state machines by workflow name (the runner's own table). */
    static final Map<String, String> STATE_MACHINES = java.util.Arrays.stream(dev.auroraupgrade.workflow.WorkflowKind.values())
            .collect(java.util.stream.Collectors.toMap(k -> k.id(), k -> RunLocal.WORKFLOWS.get(k.id()).stateMachine()));

    static Stream<String> functions() {
        return SamTemplate.load(TestEmulator.root()).handlers().keySet().stream();
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theFunctionsSampleEventIsAccepted(String function) throws IOException {
        Path event = TestEmulator.root().resolve("events/" + function + ".json");
        assertTrue(Files.exists(event), "missing " + event);
        RequestStreamHandler handler = env.handler(function);
        JsonNode out = TestEmulator.invokeAs(function, handler, Files.readString(event));
        assertFalse(out.isNull(), function + " returned nothing");
        Class<?> type = handler.getClass();
        if (dev.auroraupgrade.workflow.ActionStep.class.isAssignableFrom(type)) {
            // An action step reports what it did, under its own step name, with real times.
            String step = (String) readStatic(type, "STEP");
            assertEquals(step, out.get("step").asText(), out.toString());
            assertTrue(java.util.Set.of("CREATED", "MODIFIED", "REUSED", "SKIPPED", "DELETED").contains(out.get("action").asText()),
                    out.toString());
            assertFalse(java.time.Instant.parse(out.get("completedAt").asText())
                    .isBefore(java.time.Instant.parse(out.get("startedAt").asText())), out.toString());
            assertFalse(out.get("detail").asText().isBlank(), out.toString());
        }
        if (dev.auroraupgrade.checks.PollingCheck.class.isAssignableFrom(type)) {
            assertTrue(out.get("ready").asBoolean(), out.toString());
            assertEquals(1, out.get("attempt").asInt(), "the sample is the first check of its loop");
            assertFalse(out.get("detail").asText().isBlank(), out.toString());
        }
        if (function.startsWith("Preflight")) {
            assertTrue(out.get("preflightCompletedAt").isTextual() && out.get("polling").get("minSeconds").asInt() > 0, out.toString());
            assertFalse(out.get("engineVersionSource").asText().isBlank(), out.toString());
        }
        if (function.equals("RequestSwitchoverApprovalFunction")) {
            assertFalse(out.get("messageId").asText().isBlank(), out.toString());
        }
        if (function.equals("VerifyServerlessV2ClusterFunction")) {
            assertEquals("SUCCEEDED", out.get("status").asText());
            assertEquals(9, out.get("steps").size());
        }
        if (function.equals("FinalizeBlueGreenFunction")) {
            assertEquals("SWITCHED_OVER", out.get("status").asText(), out.toString());
        }
        if (function.equals("ConcludeBlueGreenFailureFunction")) {
            assertEquals("SwitchoverRejected", out.get("error").asText());
        }
        if (function.equals("ConcludeInPlaceFailureFunction")) {
            assertEquals("BlueGreenDeploymentFailedException", out.get("error").asText(), "the nested execution's own error");
        }
        if (function.equals("VerifyInPlaceFunction")) {
            assertEquals("SERVERLESS_V2", out.get("status").asText(), out.toString());
            assertEquals("db.serverless", out.get("writerInstanceClass").asText(), out.toString());
        }
        if (function.equals("PlanFleetFunction")) {
            assertEquals(6, PlanFleetTest.members(out, "canaryGroups").size() + PlanFleetTest.members(out, "otherGroups").size(), "the demo fleet's PostgreSQL clusters: " + out);
            assertEquals("5d1c2e7a".length(), out.get("childNamePrefix").asText().length());
        }
        if (function.equals("CheckFailureBudgetFunction")) {
            assertTrue(out.get("start").asBoolean(), out.toString());
        }
        if (function.equals("JudgeCanariesFunction")) {
            assertTrue(out.get("passed").asBoolean(), out.toString());
        }
        if (function.equals("ReportClusterFailureFunction")) {
            assertEquals("InvalidInputException", out.get("error").asText(), "the child's own error");
        }
        if (function.equals("SummarizeFleetFunction")) {
            assertEquals(1, out.get("totals").get("succeeded").asInt(), out.toString());
            assertEquals(1, out.get("totals").get("failed").asInt());
            assertEquals(1, out.get("totals").get("notStarted").asInt());
            assertEquals(300, out.get("rows").get(0).get("durationSeconds").asInt());
        }
        if (function.equals("ConcludeFleetFailureFunction")) {
            assertEquals("FleetTooLargeException", out.get("error").asText());
            assertTrue(out.get("cause").asText().contains("No cluster was started"), out.toString());
        }
        if (function.equals("JudgeRehearsalFunction")) {
            assertEquals("PASSED", out.get("status").asText(), out.toString());
        }
        if (function.equals("RecordRehearsalFunction")) {
            assertEquals("/aurora-upgrade/rehearsals/demo-postgres-provisioned", out.get("storedAt").asText());
            assertTrue(out.get("cloneDeleted").asBoolean(), "the delete step's sample ran before: " + out);
        }
        if (function.equals("ConcludeRehearsalFailureFunction")) {
            assertEquals("PollLimitExceeded", out.get("error").asText());
            assertTrue(out.get("cause").asText().contains("was not changed"), out.toString());
        }
        if (function.equals("DescribeMigrationFailureFunction")) {
            assertEquals("ResourceFailedException", out.get("error").asText());
        }
    }

    private static Object readStatic(Class<?> type, String field) {
        try {
            return type.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no public " + field, e);
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("executionInputs")
    void theSampleExecutionInputsPassPreflight(Path input) throws IOException {
        String file = input.getFileName().toString();
        if (file.contains("fleet")) {
            JsonNode in = TestEmulator.JSON.readTree(Files.readString(input));
            Map<String, String> machines = new java.util.HashMap<>();
            STATE_MACHINES.forEach((k, v) -> machines.put(k, env.nestedStateMachineArn(v)));
            JsonNode plan = TestEmulator.invokeAs("PlanFleetFunction", env.handler("PlanFleetFunction"), Map.of("input", in,
                    "executionName", "events-test", "startTime", "2026-11-24T03:00:00Z", "stateMachines", machines));
            int clusters = PlanFleetTest.members(plan, "canaryGroups").size() + PlanFleetTest.members(plan, "otherGroups").size();
            assertTrue(in.has("clusters") ? clusters == in.get("clusters").size() : clusters == DemoClusters.FLEET.size(),
                    plan.toString());
            return;
        }
        boolean blueGreen = file.contains("blue-green") || file.contains("rehearse");
        boolean inPlace = file.contains("in-place");
        String function = inPlace ? "PreflightInPlaceFunction" : file.contains("rehearse") ? "PreflightRehearsalFunction"
                : blueGreen ? "PreflightBlueGreenFunction" : "PreflightMigrationFunction";
        JsonNode plan = TestEmulator.invokeAs(function, env.handler(function),
                Map.of("input", TestEmulator.JSON.readTree(Files.readString(input)), "executionName", "events-test"));
        assertTrue(plan.get(blueGreen || inPlace ? "clusterIdentifier" : "targetClusterIdentifier").asText().startsWith("demo-"),
                plan.toString());
    }

    static Stream<Path> executionInputs() throws IOException {
        try (var files = Files.list(TestEmulator.root().resolve("events"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("execution-input-")).sorted().toList().stream();
        }
    }

    @Test
    void thereIsASampleExecutionInputPerEngineAndWorkflow() {
        var names = executionInputsNames();
        assertTrue(names.containsAll(java.util.List.of("execution-input-mysql.json", "execution-input-postgresql.json",
                "execution-input-blue-green-mysql.json", "execution-input-blue-green-postgresql.json",
                "execution-input-rehearse-mysql.json", "execution-input-rehearse-postgresql.json")), names.toString());
    }

    private static java.util.List<String> executionInputsNames() {
        try {
            return executionInputs().map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
