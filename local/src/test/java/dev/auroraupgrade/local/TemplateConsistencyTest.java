package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** template.yaml, the ASL definitions and the handler classes agree with each other. */
class TemplateConsistencyTest {
    private final SamTemplate template = SamTemplate.load(TestEmulator.root());

    @Test
    void everyPlaceholderHasASubstitutionAndEverySubstitutionAResource() throws IOException {
        for (SamTemplate.StateMachine machine : template.stateMachines().values()) {
            Set<String> used = new TreeSet<>();
            Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(Files.readString(machine.definition()));
            while (m.find()) {
                used.add(m.group(1));
            }
            assertEquals(used, new TreeSet<>(machine.substitutions().keySet()), machine.logicalId());
            machine.substitutions().values().forEach(id -> assertTrue(template.handlers().containsKey(id)
                    || "AWS::SNS::Topic".equals(template.resourceTypes().get(id))
                    || "AWS::S3::Bucket".equals(template.resourceTypes().get(id))
                    || "AWS::Serverless::StateMachine".equals(template.resourceTypes().get(id)),
                    id + " is not a function, topic, bucket or state machine of the template"));
        }
    }

    @Test
    void everyHandlerCanBeBuiltBothWays() throws Exception {
        for (var e : template.handlers().entrySet()) {
            Class<?> type = Class.forName(e.getValue().replaceFirst("::.*$", ""));
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), e.getKey());
            type.getConstructor(); // what the Lambda runtime uses
            boolean takesClients = java.util.Arrays.stream(type.getConstructors()).anyMatch(c -> c.getParameterCount() > 0
                    && java.util.Arrays.stream(c.getParameterTypes()).allMatch(p -> p.getName().startsWith("software.amazon.awssdk.services.")));
            // A handler that calls no AWS API needs no clients: then it must not reach for the shared ones either.
            String source = Files.readString(TestEmulator.root().resolve("functions/src/main/java/"
                    + type.getName().replace('.', '/') + ".java"));
            assertTrue(takesClients || (type.getConstructors().length == 1 && !source.contains("AwsClients")),
                    e.getKey() + " needs a constructor taking its AWS clients (what tests and the local endpoint use)");
        }
    }

    @Test
    void everyWaitLoopHasABoundAndAFailureExitAndEveryTaskRetriesAndCatches() throws IOException {
        int loops = 0;
        for (SamTemplate.StateMachine machine : template.stateMachines().values()) {
            JsonNode states = allStates(TestEmulator.JSON.readTree(machine.definition().toFile()).get("States"));
            List<String> waits = new ArrayList<>();
            states.fields().forEachRemaining(s -> {
                JsonNode state = s.getValue();
                String type = state.path("Type").asText();
                if (type.equals("Task")) {
                    assertTrue(state.has("Retry") && state.has("Catch"), s.getKey() + " needs Retry and Catch");
                    assertTrue(state.has("TimeoutSeconds") || state.has("TimeoutSecondsPath"), s.getKey() + " needs a timeout");
                }
                if (type.equals("Wait")) {
                    waits.add(s.getKey());
                }
            });
            loops += waits.size();
            for (String wait : waits) {
                if (!wait.matches("Wait(Again)?For.+")) {
                    assertFalse(reaches(states, states.get(wait).path("Next").asText(), wait, new java.util.HashSet<>()),
                            wait + " is a Wait in a loop that is not a bounded Wait/Check/Choice loop");
                    continue;
                }
                String loop = wait.replaceFirst("^Wait(Again)?For", "");
                JsonNode choice = states.get("Is" + loop + "Done");
                String rules = choice == null ? "" : choice.get("Choices").toString();
                assertTrue(rules.contains("\"NumericGreaterThanEqualsPath\":\"$.plan.polling.maxAttempts\"")
                        && rules.contains("\"NumericGreaterThanEqualsPath\":\"$.plan.polling.maxWaitSeconds\""),
                        wait + " has no Choice bounding it in checks and in time");
                JsonNode limit = states.get(loop + "PollLimitExceeded");
                assertFalse(limit.path("Parameters").path("Error").asText().isEmpty(), loop + " bound has no named error");
                String handler = states.get(limit.path("Next").asText()).path("Type").asText();
                assertEquals("Task", handler, loop + " bound must go to the failure report");
            }
        }
        assertTrue(loops > 0, "the workflows wait in bounded loops");
    }

    /** Whether {@code target} can be reached from state {@code from} (Next, Default, Choices, Catch). */
    private static boolean reaches(JsonNode states, String from, String target, java.util.Set<String> seen) {
        if (from == null || from.isEmpty() || !seen.add(from) || !states.has(from)) {
            return false;
        }
        if (from.equals(target)) {
            return true;
        }
        JsonNode s = states.get(from);
        List<String> next = new ArrayList<>();
        next.add(s.path("Next").asText());
        next.add(s.path("Default").asText());
        s.path("Choices").forEach(c -> next.add(c.path("Next").asText()));
        s.path("Catch").forEach(c -> next.add(c.path("Next").asText()));
        return next.stream().anyMatch(n -> reaches(states, n, target, seen));
    }

    /** The states of a definition, those of its Map processors included (state names are unique across both). */
    private static JsonNode allStates(JsonNode states) {
        var all = TestEmulator.JSON.createObjectNode();
        states.fields().forEachRemaining(s -> {
            all.set(s.getKey(), s.getValue());
            JsonNode inner = s.getValue().path("ItemProcessor").path("States");
            if (!inner.isMissingNode()) {
                all.setAll((com.fasterxml.jackson.databind.node.ObjectNode) allStates(inner));
            }
        });
        return all;
    }

    @Test
    void namedErrorsInTheDefinitionsExist() throws Exception {
        for (SamTemplate.StateMachine machine : template.stateMachines().values()) {
            Matcher m = Pattern.compile("\"(dev\\.auroraupgrade\\.[A-Za-z.]+)\"").matcher(Files.readString(machine.definition()));
            while (m.find()) {
                Class.forName(m.group(1));
            }
        }
    }

    @Test
    void iamGrantsNoWildcardActions() throws IOException {
        JsonNode root = new YAMLMapper().readTree(TestEmulator.root().resolve("template.yaml").toFile());
        List<String> actions = new ArrayList<>();
        root.findValues("Action").forEach(a -> {
            if (a.isArray()) {
                a.forEach(x -> actions.add(x.asText()));
            } else {
                actions.add(a.asText());
            }
        });
        assertFalse(actions.isEmpty());
        actions.forEach(a -> assertFalse(a.contains("*"), "wildcard action " + a));
    }

    /**
     * A state machine that reads the Price List (pricing:getProducts, an AWS SDK integration made with its own role)
     * has pricing:GetProducts on that role, and the local layer checks its role on every GetProducts call.
     */
    @Test
    void everyStateMachineThatReadsThePriceListMayCallItAndTheLocalLayerChecksItsRole() throws IOException {
        IamPolicies policies = IamPolicies.load(TestEmulator.root());
        Set<String> readers = new TreeSet<>();
        for (SamTemplate.StateMachine machine : template.stateMachines().values()) {
            if (Files.readString(machine.definition()).contains("\"arn:aws:states:::aws-sdk:pricing:getProducts\"")) {
                readers.add(machine.logicalId());
                var decision = policies.decide(machine.logicalId(), "pricing:GetProducts", List.of("*"), arn -> java.util.Map.of());
                assertTrue(decision.allowed(), machine.logicalId() + ": " + decision.reason());
            }
        }
        assertEquals(Set.of("BlueGreenUpgradeStateMachine", "MigrateServerlessV1ToV2StateMachine",
                "ServerlessV2InPlaceStateMachine", "RehearseUpgradeStateMachine"), readers, "the workflows that price from the Price List");
        assertEquals(readers, new TreeSet<>(LocalLambdaEndpoint.PRICE_LIST_CALLERS));
    }
}
