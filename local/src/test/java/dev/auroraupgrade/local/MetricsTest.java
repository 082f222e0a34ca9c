package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The metrics a run publishes, read from the EMF lines its functions logged (what CloudWatch Logs turns into
 * metrics): names, units, dimension sets and values, against the run's own output.
 */
class MetricsTest extends WorkflowTestSupport {
    private static final String MACHINE = "BlueGreenUpgradeStateMachine";

    MetricsTest() {
        super(MACHINE, "metrics", Duration.ofMinutes(3));
    }

    /** An EMF document as CloudWatch reads it: one namespace, metrics with units, dimension sets, values at the root. */
    record Emf(String function, JsonNode doc) {
        JsonNode directive() {
            JsonNode all = doc.path("_aws").path("CloudWatchMetrics");
            assertEquals(1, all.size(), doc::toString);
            return all.get(0);
        }

        String namespace() {
            return directive().path("Namespace").asText();
        }

        boolean has(String metric) {
            return StreamSupport.stream(directive().path("Metrics").spliterator(), false)
                    .anyMatch(m -> m.path("Name").asText().equals(metric));
        }

        String unit(String metric) {
            return StreamSupport.stream(directive().path("Metrics").spliterator(), false)
                    .filter(m -> m.path("Name").asText().equals(metric)).findFirst().orElseThrow()
                    .path("Unit").asText();
        }

        double value(String metric) {
            return doc.path(metric).asDouble();
        }

        /** Each dimension set with its values, e.g. [{Workflow=blue-green}, {Workflow=blue-green, Step=switchover}]. */
        List<Map<String, String>> dimensions() {
            List<Map<String, String>> sets = new ArrayList<>();
            for (JsonNode set : directive().path("Dimensions")) {
                Map<String, String> values = new LinkedHashMap<>();
                set.forEach(d -> values.put(d.asText(), doc.path(d.asText()).asText()));
                sets.add(values);
            }
            return sets;
        }
    }

    private List<Emf> published(String cluster, int mark) {
        List<Emf> out = new ArrayList<>();
        List<LocalMetrics.Line> lines = env.lambda().metricLines();
        for (LocalMetrics.Line l : lines.subList(mark, lines.size())) {
            try {
                JsonNode doc = TestEmulator.JSON.readTree(l.json());
                if (cluster.equals(doc.path("ClusterIdentifier").asText())) {
                    out.add(new Emf(l.function(), doc));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + l.json(), e);
            }
        }
        out.forEach(e -> assertEquals("AuroraUpgrade", e.namespace(), e.doc()::toString));
        return out;
    }

    private static Emf only(List<Emf> docs, String metric) {
        List<Emf> with = docs.stream().filter(d -> d.has(metric)).toList();
        assertEquals(1, with.size(), () -> metric + " in " + docs);
        return with.get(0);
    }

    @Test
    void aSwitchedOverRunPublishesItsOutcomeItsSwitchoverAndEachStepAsItsOutputReportsThem() throws Exception {
        String id = TestEmulator.uniqueId("met-bg");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        int mark = env.lambda().metricLines().size();
        var running = start(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        putLag(greenOf(id), 0.0, Instant.now());
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        List<Emf> docs = published(id, mark);

        Emf outcome = only(docs, "Succeeded");
        assertEquals("FinalizeBlueGreenFunction", outcome.function());
        assertEquals(1.0, outcome.value("Succeeded"));
        assertEquals("Count", outcome.unit("Succeeded"));
        assertEquals(List.of(Map.of("Workflow", "blue-green"), Map.of("Workflow", "blue-green", "ClusterIdentifier", id)),
                outcome.dimensions(), "per workflow and per cluster, and none of the EMF library's own");
        assertEquals(out.get("switchoverSeconds").asDouble(), outcome.value("SwitchoverSeconds"), outcome.doc()::toString);
        assertEquals("Seconds", outcome.unit("SwitchoverSeconds"));
        assertFalse(outcome.has("GreenFailoverSeconds"), "green stayed as RDS made it: nothing to measure");

        List<Emf> steps = docs.stream().filter(d -> d.has("StepDuration")).toList();
        List<String> names = new ArrayList<>();
        for (JsonNode step : out.get("steps")) {
            String name = step.get("step").asText();
            names.add(name);
            Emf d = steps.stream().filter(s -> s.dimensions().contains(Map.of("Workflow", "blue-green", "Step", name)))
                    .findFirst().orElseThrow(() -> new AssertionError("no StepDuration of " + name + " in " + steps));
            assertEquals(step.get("durationSeconds").asDouble(), d.value("StepDuration"), name);
            assertEquals("Seconds", d.unit("StepDuration"));
            assertFalse(d.dimensions().stream().anyMatch(s -> s.containsKey("ClusterIdentifier")),
                    "steps are not a per-cluster metric: " + d.dimensions());
        }
        assertEquals(names.size(), steps.size(), "one StepDuration per step of the output");
        assertTrue(docs.stream().noneMatch(d -> d.has("Failed") || d.has("Refused")), docs::toString);
        String printed = LocalMetrics.describe(new LocalMetrics.Line(outcome.function(), outcome.doc().toString()));
        assertTrue(printed.startsWith("FinalizeBlueGreenFunction") && printed.contains(" Succeeded=1 Count")
                && printed.contains(" SwitchoverSeconds=" + out.get("switchoverSeconds").asLong() + " Seconds")
                && printed.endsWith("  [Workflow=blue-green]  [Workflow=blue-green, ClusterIdentifier=" + id + "]"),
                "run-local prints what was published: " + printed);
    }

    @Test
    void aRefusedRunCountsTheRefusalAndTheFailureByTheirErrorName() throws Exception {
        String id = TestEmulator.uniqueId("met-none");
        int mark = env.lambda().metricLines().size();
        var ex = run(input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertEquals("FAILED", ex.status());
        List<Emf> docs = published(id, mark);

        Emf refused = only(docs, "Refused");
        assertEquals("PreflightBlueGreenFunction", refused.function());
        assertEquals(List.of(Map.of("Workflow", "blue-green"), Map.of("Workflow", "blue-green", "ClusterIdentifier", id),
                Map.of("Workflow", "blue-green", "Error", ex.error())), refused.dimensions());
        Emf failed = only(docs, "Failed");
        assertEquals("ConcludeBlueGreenFailureFunction", failed.function());
        assertEquals(1.0, failed.value("Failed"));
        assertTrue(failed.dimensions().contains(Map.of("Workflow", "blue-green", "Error", ex.error())), failed.dimensions()::toString);
        assertTrue(docs.stream().noneMatch(d -> d.has("Succeeded") || d.has("StepDuration")), docs::toString);
    }

    @Test
    void aDryRunPublishesThatItPlannedAndTheExtendedSupportCostItFound() throws Exception {
        String id = TestEmulator.uniqueId("met-dry");
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(16.0)));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.serverless"));
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-1", h -> 2.0);
        int mark = env.lambda().metricLines().size();
        var ex = env.start("ServerlessV2InPlaceStateMachine", TestEmulator.uniqueId("metrics"),
                TestEmulator.JSON.writeValueAsString(Map.of("clusterIdentifier", id, "dryRun", true)))
                .await(Duration.ofMinutes(2));
        assertSucceeded(ex);
        JsonNode cost = TestEmulator.JSON.readTree(ex.output()).get("extendedSupport");
        assertTrue(cost.get("monthlyNow").isNumber(), cost::toString);
        Emf planned = only(published(id, mark), "Planned");
        assertEquals("PreflightInPlaceFunction", planned.function());
        assertTrue(planned.dimensions().contains(Map.of("Workflow", "in-place", "Status",
                TestEmulator.JSON.readTree(ex.output()).get("status").asText())), planned.dimensions()::toString);
        assertEquals(cost.get("monthlyNow").asDouble(), planned.value("ExtendedSupportMonthlyNow"), planned.doc()::toString);
        assertEquals(cost.get("monthlyAfter").asDouble(), planned.value("ExtendedSupportMonthlyAfter"), planned.doc()::toString);
    }
}
