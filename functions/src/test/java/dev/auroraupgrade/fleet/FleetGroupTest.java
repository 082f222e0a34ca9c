package dev.auroraupgrade.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's groups per account and Region, the outer Map's cap, and the rows flattened back in plan order. */
class FleetGroupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void membersAreGroupedByTargetInRunOrderAndEachGroupsFirstWaveIsSpacedFromItsOwnStart() {
        List<FleetMember> roundRobin = List.of(member("a1", "111111111111"), member("b1", "222222222222"),
                member("a2", "111111111111"), member("b2", "222222222222"), member("a3", "111111111111"));
        List<FleetGroup> groups = PlanFleet.groups(roundRobin, Map.of("111111111111/us-east-1", 2,
                "222222222222/us-east-1", 1), 5);
        assertEquals(List.of("111111111111", "222222222222"), groups.stream().map(FleetGroup::account).toList());
        assertEquals(List.of(2, 1), groups.stream().map(FleetGroup::maxConcurrency).toList());
        assertEquals(List.of("a1", "a2", "a3", "b1", "b2"), FleetGroup.flatten(groups).stream()
                .map(FleetMember::clusterIdentifier).toList(), "group after group, each in its own order");
        // a's first wave is its first 2 (0 s, 5 s); b's is its first 1; later ones start as a slot frees.
        assertEquals(List.of(0, 5, 0, 0, 0), FleetGroup.flatten(groups).stream().map(FleetMember::startDelaySeconds).toList());
    }

    @Test
    void groupsAtOnceTimesTheLargestCapStaysWithinTheFleetsCap() {
        assertEquals(5, PlanFleet.concurrentTargets(10, Map.of("a", 2, "b", 2)));
        assertEquals(2, PlanFleet.concurrentTargets(5, Map.of("a", 2, "b", 1)), "5 / 2: one slot stays unused");
        assertEquals(1, PlanFleet.concurrentTargets(5, Map.of("null", 5)), "one account: one group under the fleet's cap");
        assertEquals(1, PlanFleet.concurrentTargets(3, Map.of()));
    }

    @Test
    void theNestedMapsRowsFlattenInPlanOrderAndFlatRowsOfAnEarlierDefinitionAreTakenAsTheyAre() throws Exception {
        List<JsonNode> nested = List.of(JSON.readTree("[{\"clusterIdentifier\":\"a1\"},{\"clusterIdentifier\":\"a2\"}]"),
                JSON.readTree("[{\"clusterIdentifier\":\"b1\"}]"));
        assertEquals(List.of("a1", "a2", "b1"), FleetGroup.rows(nested).stream().map(r -> r.get("clusterIdentifier").asText())
                .toList());
        List<JsonNode> flat = List.of(JSON.readTree("{\"clusterIdentifier\":\"x\"}"), JSON.readTree("{\"clusterIdentifier\":\"y\"}"));
        assertEquals(flat, FleetGroup.rows(flat));
        assertEquals(List.of(), FleetGroup.rows(null));
        assertEquals(List.of(), FleetGroup.rows(List.of()), "no group ran (SkipOthers, or no other cluster)");
    }

    private static FleetMember member(String id, String account) {
        return new FleetMember(id, "c-" + id, "r-" + id, JSON.createObjectNode(), 0, account, "us-east-1",
                "arn:aws:states:us-east-1:" + account + ":stateMachine:m", "arn:aws:iam::" + account + ":role/r");
    }
}
