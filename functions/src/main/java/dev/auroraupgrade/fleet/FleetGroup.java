package dev.auroraupgrade.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account and Region's clusters of a fleet, in run order, and how many of them may run at once there: RDS
 * throttles each account and Region alone (RDS User Guide, "Request throttling for the Amazon RDS API"). The fleet
 * state machine runs the groups in an outer Map and each group's clusters in an inner Map under {@code
 * maxConcurrency}. A fleet of this account only is one group with no account.
 */
public record FleetGroup(String account, String region, int maxConcurrency, List<FleetMember> members) {

    /** The members by target ("account/region", null for this account's own), each target where its first member is. */
    static List<FleetGroup> of(List<FleetMember> members, Map<String, Integer> capByTarget, int defaultCap) {
        Map<String, List<FleetMember>> byTarget = new LinkedHashMap<>();
        for (FleetMember m : members) {
            byTarget.computeIfAbsent(String.valueOf(m.target()), k -> new ArrayList<>()).add(m);
        }
        List<FleetGroup> groups = new ArrayList<>();
        byTarget.forEach((target, here) -> groups.add(new FleetGroup(here.get(0).account(), here.get(0).region(),
                capByTarget.getOrDefault(target, defaultCap), List.copyOf(here))));
        return List.copyOf(groups);
    }

    /** Every group's members, in the order the state machine's Maps return their rows (group after group). */
    static List<FleetMember> flatten(List<FleetGroup> groups) {
        List<FleetMember> all = new ArrayList<>();
        (groups == null ? List.<FleetGroup>of() : groups).forEach(g -> all.addAll(g.members()));
        return List.copyOf(all);
    }

    /**
     * The rows of the state machine's nested Maps, one list per group, as one list in the same order. Flattened here
     * rather than by a JSONPath {@code $[*][*]} in the Map's ResultSelector, whose answer for no group at all was not
     * checked on AWS. A row that is no list is taken as it is (flat rows, as one flat Map left them). A fleet started
     * before this definition still fails in SummarizeFleet: its plan has 'canaries' and 'others', which this plan no
     * longer reads (unknown fields are refused); re-run it with the same fleetRunId to resume.
     */
    static List<com.fasterxml.jackson.databind.JsonNode> rows(List<com.fasterxml.jackson.databind.JsonNode> perGroup) {
        List<com.fasterxml.jackson.databind.JsonNode> all = new ArrayList<>();
        for (var g : perGroup == null ? List.<com.fasterxml.jackson.databind.JsonNode>of() : perGroup) {
            if (g != null && g.isArray()) {
                g.forEach(all::add);
            } else {
                all.add(g);
            }
        }
        return all;
    }
}
