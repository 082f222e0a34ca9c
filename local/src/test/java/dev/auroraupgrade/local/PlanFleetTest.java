package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.fleet.PlanFleet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet's planning step against moto: every fleet it cannot run is refused by name, before any child starts. */
class PlanFleetTest {
    private final PlanFleet handler = new PlanFleet(TestEmulator.get().rds());

    @Test
    void childInputsTakeTheDefaultsThenTheClustersOwnFieldsAndNamesAreDeterministic() {
        var c = Map.of("clusterIdentifier", "Fleet-A", "maxCapacity", 4.0);
        JsonNode plan = plan(Map.of("workflow", "in-place", "clusters", List.of(c, Map.of("clusterIdentifier", "fleet-b")),
                "defaults", Map.of("maxCapacity", 8.0, "switchoverPolicy", "AUTO"), "fleetRunId", "wave-7", "dryRun", true));
        JsonNode canary = plan.get("canaries").get(0);
        assertEquals("fleet-a", canary.get("clusterIdentifier").asText(), "RDS identifiers are lower case");
        assertEquals(4.0, canary.get("input").get("maxCapacity").asDouble(), "the cluster's own field wins");
        assertEquals("AUTO", canary.get("input").get("switchoverPolicy").asText());
        assertTrue(canary.get("input").get("dryRun").asBoolean(), "the fleet's dry run reaches every child");
        String child = canary.get("childName").asText();
        assertTrue(child.startsWith(plan.get("childNamePrefix").asText() + "-") && child.endsWith("-fleet-a"), child);
        var again = Map.<String, Object>of("workflow", "in-place", "clusters", List.of(c, Map.of("clusterIdentifier", "fleet-b")),
                "defaults", Map.of("switchoverPolicy", "AUTO", "maxCapacity", 8.0), "fleetRunId", "wave-7", "dryRun", true);
        assertEquals(child, plan(again).get("canaries").get(0).get("childName").asText(),
                "same fleetRunId and input (fields in any order): the same child, so a re-run finds it");
        var real = new java.util.HashMap<>(again);
        real.remove("dryRun");
        assertTrue(!child.equals(plan(real).get("canaries").get(0).get("childName").asText()),
                "the real run never takes a dry run's child as its result");
        assertEquals(1, plan.get("others").size());
        assertEquals(5, plan.get("maxConcurrency").asInt());
    }

    @Test
    void theFleetWaitsForAChildLongerThanTheChildCanRun() {
        // Blue/Green with an approval of nearly 7 days: that alone, plus its five loop runs of maxWaitSeconds (4 h by
        // default) and the check tasks' own timeouts (240 checks x 120 s each), outlasts a fixed 7-day timeout.
        long approval = 600_000;
        long worst = approval + 5 * 14_400L + 5 * 240 * 120L;
        JsonNode plan = plan(Map.of("workflow", "blue-green", "clusters", List.of(Map.of("clusterIdentifier", "a",
                "approvalTimeoutSeconds", approval))));
        long timeout = plan.get("childTimeoutSeconds").asLong();
        assertTrue(timeout > worst, timeout + " s is not longer than the child's worst case " + worst + " s");
        assertTrue(timeout <= 365 * 24 * 3600L, "within Step Functions' year");
        // The longest child decides; an in-place child also runs its nested Blue/Green.
        JsonNode mixed = plan(Map.of("workflow", "in-place", "clusters", List.of(Map.of("clusterIdentifier", "a"),
                Map.of("clusterIdentifier", "b", "approvalTimeoutSeconds", approval, "maxWaitSeconds", 86_400))));
        long inPlaceWorst = approval + 5 * 86_400L + 6 * 86_400L;
        assertTrue(mixed.get("childTimeoutSeconds").asLong() > inPlaceWorst, mixed.get("childTimeoutSeconds").toString());
        // An input its child will refuse does not stop the plan: it gets the worst case of any legal input.
        JsonNode bad = plan(Map.of("workflow", "blue-green", "clusters", List.of(Map.of("clusterIdentifier", "a",
                "approvalTimeoutSeconds", "a week"))));
        assertTrue(bad.get("childTimeoutSeconds").asLong() > 604_800 + 5 * 86_400L, bad.toString());
    }

    @Test
    void aFleetItCannotRunIsRefusedByName() {
        var one = List.of(Map.of("clusterIdentifier", "a"));
        refused("workflow", Map.of("workflow", "upgrade", "clusters", one));
        refused("selector", Map.of("workflow", "in-place", "clusters", one, "selector", Map.of("engine", "aurora-mysql")));
        refused("clusters", Map.of("workflow", "in-place"));
        refused("clusters", Map.of("workflow", "in-place", "clusters", List.of()));
        refused("clusters[1]", Map.of("workflow", "in-place", "clusters", List.of(Map.of("clusterIdentifier", "a"),
                Map.of("clusterIdentifier", "A"))));
        refused("clusters[0].sourceClusterIdentifier", Map.of("workflow", "migrate", "clusters", one));
        refused("defaults.clusterIdentifier", Map.of("workflow", "in-place", "clusters", one, "defaults",
                Map.of("clusterIdentifier", "x")));
        refused("clusters[0].dryRun", Map.of("workflow", "in-place", "clusters", List.of(Map.of("clusterIdentifier", "a",
                "dryRun", true))));
        refused("maxConcurrency", Map.of("workflow", "in-place", "clusters", one, "maxConcurrency", 41));
        refused("fleetRunId", Map.of("workflow", "in-place", "clusters", one, "fleetRunId", "wave 1"));
        refused("selector.engine", Map.of("workflow", "in-place", "selector", Map.of("engine", "mysql")));
        refused("maxWaves", Map.of("workflow", "in-place", "clusters", one, "maxWaves", 2));
    }

    private void refused(String field, Map<String, Object> input) {
        var e = assertThrows(InvalidInputException.class, () -> plan(input), field);
        assertTrue(e.getMessage().contains("'" + field + "'"), field + ": " + e.getMessage());
    }

    private JsonNode plan(Map<String, Object> input) {
        return TestEmulator.invokeAs("PlanFleetFunction", handler, Map.of("input", input, "executionName", "t",
                "startTime", "2026-11-24T03:00:00Z", "stateMachines", Map.of("migrate", "arn:m", "blue-green", "arn:b",
                        "in-place", "arn:i")));
    }
}
