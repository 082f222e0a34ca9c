package dev.auroraupgrade.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.auroraupgrade.local.SamTemplate;
import dev.auroraupgrade.workflow.StateMachineErrors;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed definitions are what the workflow sources generate, and the template wires each one fully. */
class StateMachinesTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private final SamTemplate template = SamTemplate.load(ROOT);

    @Test
    void theCommittedDefinitionsAreWhatTheWorkflowSourcesGenerate() throws IOException {
        for (var e : StateMachines.all().entrySet()) {
            String committed = Files.readString(ROOT.resolve(e.getKey()));
            assertEquals(StateMachines.render(e.getValue()), committed, e.getKey()
                    + " differs from StateMachines: run scripts/generate-statemachines and commit the result");
        }
    }

    @Test
    void theCommittedDiagramsAreWhatTheWorkflowSourcesGenerate() throws IOException {
        for (var e : StateMachines.diagrams().entrySet()) {
            assertTrue(Files.exists(ROOT.resolve(e.getKey())), e.getKey() + " is missing: run scripts/generate-statemachines");
            assertEquals(e.getValue(), Files.readString(ROOT.resolve(e.getKey())), e.getKey()
                    + " differs from StateMachines: run scripts/generate-statemachines and commit the result");
        }
    }

    @Test
    void everyStateOfEveryDefinitionIsInItsDiagram() {
        for (var e : StateMachines.all().entrySet()) {
            String page = StateMachines.diagrams().get("docs/workflows/" + e.getKey().substring("statemachine/".length())
                    .replace(".asl.json", ".md"));
            e.getValue().definition().findValues("States").forEach(states -> states.fieldNames().forEachRemaining(name ->
                    assertTrue(page.contains("  " + name + "[") || page.contains("  " + name + "{") || page.contains("  " + name + "(")
                            || page.contains("subgraph " + name + " "), e.getKey() + ": state " + name + " is not drawn")));
        }
    }

    @Test
    void everyDefinitionIsDeployedAndInvokesExactlyTheFunctionsItsSourceNames() throws IOException {
        JsonNode resources = new YAMLMapper().readTree(ROOT.resolve("template.yaml").toFile()).path("Resources");
        for (var e : StateMachines.all().entrySet()) {
            SamTemplate.StateMachine machine = template.stateMachines().values().stream()
                    .filter(m -> ROOT.relativize(m.definition()).toString().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no state machine in template.yaml loads " + e.getKey()));
            Set<String> functions = e.getValue().handlers().stream().map(Asl::functionId).collect(Collectors.toCollection(TreeSet::new));
            Set<String> substituted = machine.substitutions().values().stream().filter(template.handlers()::containsKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(functions, substituted, machine.logicalId() + " DefinitionSubstitutions");
            for (Class<?> handler : e.getValue().handlers()) {
                assertEquals(handler.getName() + "::handleRequest", template.handlers().get(Asl.functionId(handler)),
                        Asl.functionId(handler) + " must be served by " + handler.getSimpleName());
            }
            Set<String> invokable = new TreeSet<>();
            // "!Ref Fn" reads as the plain text "Fn".
            resources.path(machine.logicalId()).path("Properties").path("Policies").forEach(p -> {
                JsonNode name = p.path("LambdaInvokePolicy").path("FunctionName");
                if (name.isTextual()) {
                    invokable.add(name.asText());
                }
            });
            assertEquals(functions, invokable, machine.logicalId() + " may invoke exactly the functions its definition uses");
        }
    }

    /**
     * A parent's timeout for a child comes from WorkflowBounds' shape of each workflow: it must count at least the
     * loop runs, re-tried actions and other tasks the definition has, or a child could outlive its parent's wait.
     */
    @Test
    void theDeclaredShapeOfEachWorkflowCoversItsDefinition() {
        var shapes = java.util.Map.of(dev.auroraupgrade.workflow.WorkflowBounds.Shape.MIGRATE, StateMachines.migration(),
                dev.auroraupgrade.workflow.WorkflowBounds.Shape.BLUE_GREEN, StateMachines.blueGreen(),
                dev.auroraupgrade.workflow.WorkflowBounds.Shape.IN_PLACE, StateMachines.inPlace(),
                dev.auroraupgrade.workflow.WorkflowBounds.Shape.REHEARSE, StateMachines.rehearsal());
        for (var e : shapes.entrySet()) {
            JsonNode states = e.getValue().definition().get("States");
            Set<String> entries = new TreeSet<>();
            states.fields().forEachRemaining(s -> {
                if (s.getValue().path("SecondsPath").asText().startsWith("$.plan.polling.firstWaitSeconds.")) {
                    entries.add(s.getKey());
                }
            });
            // A loop entered again with a fresh record (a Pass that resets it) runs again in full.
            JsonNode fresh = Workflow.freshPoll();
            List<String> freshEntries = new ArrayList<>();
            states.fields().forEachRemaining(s -> {
                if ("Pass".equals(s.getValue().path("Type").asText()) && fresh.equals(s.getValue().path("Parameters").path("poll"))
                        && entries.contains(s.getValue().path("Next").asText())) {
                    freshEntries.add(s.getValue().path("Next").asText());
                }
            });
            int loopRuns = (int) entries.stream().filter(w -> !freshEntries.contains(w)).count() + freshEntries.size();
            Set<String> checks = new TreeSet<>();
            entries.forEach(w -> checks.add(states.get(w).path("Next").asText()));
            int retried = 0;
            for (String w : entries) {
                String check = states.get(w).path("Next").asText();
                JsonNode done = states.get(states.get(check).path("Next").asText());
                JsonNode back = states.get(done.path("Choices").get(0).path("Next").asText());
                // The ready exit leads to an action whose own Choice can send the run back into this loop.
                JsonNode after = back == null ? null : states.get(back.path("Next").asText());
                if (back != null && "Task".equals(back.path("Type").asText()) && after != null
                        && after.toString().contains("\"Next\":\"" + w + "\"")) {
                    retried++;
                }
            }
            long tasks = java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(states.fields(), 0), false)
                    .filter(s -> "Task".equals(s.getValue().path("Type").asText()) && !checks.contains(s.getKey())).count();
            var shape = e.getKey();
            String fix = ": update WorkflowBounds.Shape." + shape;
            assertEquals(loopRuns, shape.loopRuns, shape + " loop runs" + fix);
            assertEquals(retried, shape.retriedActions, shape + " actions tried again per check" + fix);
            assertEquals(tasks, shape.taskStates, shape + " task states" + fix);
        }
    }

    /** The fleet's row reads these fields of every child's output; a missing one would fail the fleet's Map. */
    @Test
    void everyPerClusterOutcomeHasTheFieldsTheFleetRowReads() {
        String rowSelector = StateMachines.fleet().definition().toString();
        for (Class<?> outcome : List.of(dev.auroraupgrade.migration.MigrationResult.class,
                dev.auroraupgrade.bluegreen.BlueGreenResult.class, dev.auroraupgrade.inplace.InPlaceResult.class,
                dev.auroraupgrade.workflow.PlanReport.class)) {
            Set<String> fields = Stream.of(outcome.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                    .collect(Collectors.toSet());
            for (String read : List.of("status", "engineVersion", "endpoint")) {
                assertTrue(rowSelector.contains("$.child.output." + read), "the fleet row reads " + read);
                assertTrue(fields.contains(read), outcome.getSimpleName() + " lacks " + read);
            }
        }
    }

    @Test
    void everyErrorADefinitionRaisesIsNamedOnce() throws IOException {
        Set<String> named = Stream.of(StateMachineErrors.class.getFields()).filter(f -> Modifier.isStatic(f.getModifiers()))
                .map(StateMachinesTest::value).collect(Collectors.toSet());
        for (var e : StateMachines.all().entrySet()) {
            List<String> raised = new ArrayList<>();
            e.getValue().definition().findValues("Parameters").forEach(p -> {
                if (p.has("Error")) {
                    raised.add(p.get("Error").asText());
                }
            });
            assertFalse(raised.isEmpty());
            raised.forEach(error -> assertTrue(named.contains(error), e.getKey() + " raises " + error
                    + ", which StateMachineErrors does not name"));
        }
    }

    /** Every exception class in dev.auroraupgrade.errors is thrown somewhere: an Error nothing raises is noise. */
    @Test
    void everyNamedErrorClassIsThrownByTheCode() throws IOException {
        Path errors = ROOT.resolve("functions/src/main/java/dev/auroraupgrade/errors");
        String code;
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions/src/main/java"))) {
            code = files.filter(p -> p.toString().endsWith(".java")).map(StateMachinesTest::read).collect(Collectors.joining("\n"));
        }
        try (Stream<Path> files = Files.list(errors)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString().replace(".java", "");
                if (!name.endsWith("Exception") || read(p).contains("abstract class")) {
                    continue;
                }
                assertTrue(code.contains("new " + name + "("), name + " is never thrown: remove it or throw it");
            }
        }
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
