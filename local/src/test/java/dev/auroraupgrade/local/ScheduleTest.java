package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The maintenance-window schedules as CloudFormation receives them after the SAM transform (the translator cfn-lint
 * ships, through scripts/transform-template): what the README promises an operator.
 */
class ScheduleTest {
    private static JsonNode resources;
    private static JsonNode parameters;

    @BeforeAll
    static void transform() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(MotoServer.motoPython(), TestEmulator.root().resolve("scripts/transform-template").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        JsonNode template = TestEmulator.JSON.readTree(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "the SAM transform failed");
        resources = template.get("Resources");
        parameters = template.get("Parameters");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MigrateServerlessV1ToV2StateMachine, Migration, migration-window",
            "BlueGreenUpgradeStateMachine, BlueGreen, blue-green-window"})
    void eachWorkflowHasADisabledScheduleThatStartsOnlyItsStateMachine(String machine, String prefix, String name) {
        JsonNode schedule = resources.get(machine + "MaintenanceWindow").get("Properties");
        assertEquals(Map.of("Ref", prefix + "ScheduleExpression"), json(schedule.get("ScheduleExpression")));
        assertEquals(Map.of("Ref", prefix + "ScheduleTimezone"), json(schedule.get("ScheduleExpressionTimezone")));
        assertEquals(Map.of("Ref", prefix + "ScheduleState"), json(schedule.get("State")));
        assertEquals("DISABLED", parameters.get(prefix + "ScheduleState").get("Default").asText(), "created disabled");
        assertEquals(Map.of("Ref", prefix + "ScheduleInput"), json(schedule.get("Target").get("Input")));
        assertEquals(Map.of("Ref", machine), json(schedule.get("Target").get("Arn")));
        assertTrue(schedule.get("Name").toString().contains("${AWS::StackName}-" + name), "unique per stack: " + schedule);
        assertEquals("OFF", schedule.get("FlexibleTimeWindow").get("Mode").asText());
        String role = schedule.get("Target").get("RoleArn").get("Fn::GetAtt").get(0).asText();
        JsonNode policies = resources.get(role).get("Properties").get("Policies");
        assertEquals(1, policies.size());
        JsonNode statements = policies.get(0).get("PolicyDocument").get("Statement");
        assertEquals(1, statements.size());
        assertEquals("states:StartExecution", statements.get(0).get("Action").asText());
        assertEquals(Map.of("Ref", machine), json(statements.get(0).get("Resource")), "this state machine only");
    }

    private static Object json(JsonNode node) {
        return TestEmulator.JSON.convertValue(node, Object.class);
    }
}
