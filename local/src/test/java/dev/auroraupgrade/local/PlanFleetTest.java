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
import software.amazon.awssdk.services.rds.RdsClient;

/** The fleet's planning step against moto: every fleet it cannot run is refused by name, before any child starts. */
class PlanFleetTest {
    private final PlanFleet handler = new PlanFleet(TestEmulator.get().rds());

    @Test
    void childInputsTakeTheDefaultsThenTheClustersOwnFieldsAndNamesAreDeterministic() {
        var c = Map.of("clusterIdentifier", "Fleet-A", "maxCapacity", 4.0);
        JsonNode plan = plan(Map.of("workflow", "in-place", "clusters", List.of(c, Map.of("clusterIdentifier", "fleet-b")),
                "defaults", Map.of("maxCapacity", 8.0, "switchoverPolicy", "AUTO"), "fleetRunId", "wave-7", "dryRun", true));
        JsonNode canary = members(plan, "canaryGroups").get(0);
        assertEquals("fleet-a", canary.get("clusterIdentifier").asText(), "RDS identifiers are lower case");
        assertEquals(4.0, canary.get("input").get("maxCapacity").asDouble(), "the cluster's own field wins");
        assertEquals("AUTO", canary.get("input").get("switchoverPolicy").asText());
        assertTrue(canary.get("input").get("dryRun").asBoolean(), "the fleet's dry run reaches every child");
        String child = canary.get("childName").asText();
        assertTrue(child.startsWith(plan.get("childNamePrefix").asText() + "-") && child.endsWith("-fleet-a"), child);
        var again = Map.<String, Object>of("workflow", "in-place", "clusters", List.of(c, Map.of("clusterIdentifier", "fleet-b")),
                "defaults", Map.of("switchoverPolicy", "AUTO", "maxCapacity", 8.0), "fleetRunId", "wave-7", "dryRun", true);
        assertEquals(child, members(plan(again), "canaryGroups").get(0).get("childName").asText(),
                "same fleetRunId and input (fields in any order): the same child, so a re-run finds it");
        var real = new java.util.HashMap<>(again);
        real.remove("dryRun");
        assertTrue(!child.equals(members(plan(real), "canaryGroups").get(0).get("childName").asText()),
                "the real run never takes a dry run's child as its result");
        assertEquals(1, members(plan, "otherGroups").size());
        assertEquals(5, plan.get("maxConcurrency").asInt());
        assertEquals(List.of(5, 1), List.of(plan.get("maxConcurrencyPerTarget").asInt(), plan.get("concurrentTargets").asInt()),
                "one account: one group under the fleet's own cap, as before per-target caps");
        assertTrue(plan.get("otherGroups").get(0).get("account").isNull(), plan.toString());
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
        refused("maxConcurrencyPerTarget", Map.of("workflow", "in-place", "clusters", one, "maxConcurrencyPerTarget", 0));
        refused("maxConcurrencyPerTarget", Map.of("workflow", "in-place", "clusters", one, "maxConcurrency", 4,
                "maxConcurrencyPerTarget", 5)); // more than the overall cap
        refused("fleetRunId", Map.of("workflow", "in-place", "clusters", one, "fleetRunId", "wave 1"));
        refused("selector.engine", Map.of("workflow", "in-place", "selector", Map.of("engine", "mysql")));
        refused("maxWaves", Map.of("workflow", "in-place", "clusters", one, "maxWaves", 2));
    }

    /** The fleet state machine's ARN as $$.StateMachine.Id gives it: the member roles' external id. */
    private static final String FLEET = "arn:aws:states:us-east-1:123456789012:stateMachine:local-fleet";
    private static final Map<String, Object> SELECTOR = Map.of("tags", Map.of("upgrade-wave", "org"));

    @Test
    void targetsAreRefusedByNameBeforeAnyMemberIsRead() {
        Map<String, Object> ok = Map.of("account", "111122223333", "region", "us-east-1");
        refusedTargets("targets[0].account", List.of(Map.of("account", "1234", "region", "us-east-1")), SELECTOR);
        // An account id written as a number loses its leading zero (012345678901): refused, not another account.
        refusedTargets("targets[0].account", List.of(Map.of("account", 12345678901L)), SELECTOR);
        refusedTargets("targets[1].region", List.of(ok, Map.of("account", "111122224444", "region", "mars-1")), SELECTOR);
        // Step Functions starts no task in another Region: a member of eu-west-1 needs an orchestrator there.
        var otherRegion = refusedTargets("targets[0].region", List.of(Map.of("account", "111122223333", "region", "eu-west-1")),
                SELECTOR);
        assertTrue(otherRegion.contains("not this orchestrator's Region (us-east-1)"), otherRegion);
        refusedTargets("targets[1]", List.of(ok, Map.of("account", "111122223333")), SELECTOR); // the Region defaults to us-east-1
        refusedTargets("targets", List.of(), SELECTOR);
        refusedTargets("selector", List.of(ok), null);
        var both = new java.util.HashMap<String, Object>(Map.of("workflow", "in-place", "targets", List.of(ok),
                "clusters", List.of(Map.of("clusterIdentifier", "a"))));
        var e = assertThrows(InvalidInputException.class, () -> planWithTargets(both));
        assertTrue(e.getMessage().contains("'targets'"), e.getMessage());
    }

    @Test
    void anOrganizationIsCheckedAndItsListedActiveAccountsArePlannedAsTargets() {
        Map<String, Object> ok = Map.of("organizationalUnits", List.of("ou-ab12-cdef5678", "ou-ab12-0123abcd"));
        var region = refusedOrganization("organization.regions[0]",
                Map.of("organizationalUnits", List.of("ou-ab12-cdef5678"), "regions", List.of("eu-west-1")), SELECTOR);
        assertTrue(region.contains("not this orchestrator's Region (us-east-1)"), region);
        refusedOrganization("organization.organizationalUnits[0]", Map.of("organizationalUnits", List.of("r-ab12")), SELECTOR);
        refusedOrganization("selector", ok, null);

        // The walk as the fleet state machine leaves it: every OU listed, each account with its state and OU.
        LocalEnvironment env = TestEmulator.get();
        String a = LocalStepFunctions.newAccount();
        String gone = LocalStepFunctions.newAccount();
        env.deployMemberRole(a, FLEET);
        String wave = TestEmulator.uniqueId("ou");
        member(a, "ou-1", wave);
        var walk = new java.util.HashMap<String, Object>(Map.of("pending", List.of(),
                "walked", List.of(Map.of("ou", "ou-ab12-cdef5678", "named", "ou-ab12-cdef5678", "depth", 1),
                        Map.of("ou", "ou-ab12-0123abcd", "named", "ou-ab12-0123abcd", "depth", 1)),
                "accounts", List.of(Map.of("id", a, "state", "ACTIVE", "ou", "ou-ab12-cdef5678"),
                        Map.of("id", gone, "state", "SUSPENDED", "ou", "ou-ab12-cdef5678"))));
        walk.put("current", null);
        var input = new java.util.HashMap<String, Object>(Map.of("workflow", "in-place", "organization", ok,
                "selector", Map.of("tags", Map.of("upgrade-wave", wave)), "dryRun", true, "canaryCount", 0));
        JsonNode plan = TestEmulator.invokeAs("PlanFleetFunction", env.handler("PlanFleetFunction"), Map.of("input", input,
                "executionName", "t", "startTime", "2026-11-24T03:00:00Z", "stateMachines", Map.of("in-place", "arn:i"),
                "fleetStateMachineArn", FLEET, "organizationWalk", walk));
        assertEquals(List.of(a + "/ou-1"), java.util.stream.StreamSupport.stream(members(plan, "otherGroups").spliterator(), false)
                .map(m -> m.get("account").asText() + "/" + m.get("clusterIdentifier").asText()).toList());
        String notices = plan.get("notices").toString();
        assertTrue(notices.contains("1 ACTIVE account(s) in ou-ab12-cdef5678, ou-ab12-0123abcd and their 0 child OU(s)")
                && notices.contains(gone + " (SUSPENDED)") && notices.contains("OU ou-ab12-0123abcd: no ACTIVE account"), notices);
    }

    private String refusedOrganization(String field, Map<String, Object> organization, Map<String, Object> selector) {
        var input = new java.util.HashMap<String, Object>(Map.of("workflow", "in-place", "organization", organization));
        if (selector != null) {
            input.put("selector", selector);
        }
        var e = assertThrows(InvalidInputException.class, () -> planWithTargets(input), field);
        assertTrue(e.getMessage().contains("'" + field + "'"), field + ": " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void eachTargetsClustersAreSelectedThroughItsMemberRoleAndATargetWithoutOneIsReportedNotGuessed() {
        LocalEnvironment env = TestEmulator.get();
        String a = LocalStepFunctions.newAccount();
        String b = LocalStepFunctions.newAccount();
        String noRole = LocalStepFunctions.newAccount();
        String otherFleet = LocalStepFunctions.newAccount();
        env.deployMemberRole(a, FLEET);
        env.deployMemberRole(b, FLEET);
        env.deployMemberRole(otherFleet, "arn:aws:states:us-east-1:123456789012:stateMachine:someone-elses-fleet");
        String wave = TestEmulator.uniqueId("org");
        var selector = Map.of("tags", Map.of("upgrade-wave", wave), "engine", "aurora-postgresql");
        member(a, "org-1", wave);
        member(a, "org-2", wave);
        member(b, "org-1", wave); // the same name in another account: another cluster, another child
        member(b, "org-untagged", null);
        member(noRole, "org-1", wave);
        member(otherFleet, "org-1", wave);
        var input = new java.util.HashMap<String, Object>(Map.of("workflow", "in-place", "selector", selector,
                "targets", List.of(Map.of("account", a, "region", "us-east-1"), Map.of("account", b), Map.of("account", noRole),
                        Map.of("account", otherFleet)), "defaults", Map.of("targetEngineVersion", "16.6"), "canaryCount", 0,
                "fleetRunId", "org-run", "startSpacingSeconds", 5, "dryRun", true));
        JsonNode plan = planWithTargets(input);

        JsonNode members = members(plan, "otherGroups");
        // One group per account and Region, in target order, each under its cap: without maxConcurrencyPerTarget the
        // fleet's 5 shared by the 2 accounts with clusters (2 each, both at once).
        assertEquals(List.of(a + "/org-1", a + "/org-2", b + "/org-1"), List.of(members.get(0), members.get(1), members.get(2))
                .stream().map(m -> m.get("account").asText() + "/" + m.get("clusterIdentifier").asText()).toList());
        assertEquals(List.of(a, b), List.of(plan.get("otherGroups").get(0).get("account").asText(),
                plan.get("otherGroups").get(1).get("account").asText()));
        assertEquals(List.of(2, 2, 2), List.of(plan.get("maxConcurrencyPerTarget").asInt(), plan.get("concurrentTargets").asInt(),
                plan.get("otherGroups").get(0).get("maxConcurrency").asInt()), plan.toString());
        assertEquals(3, members.size(), "untagged and unreachable clusters are not selected: " + members);
        for (JsonNode m : members) {
            String account = m.get("account").asText();
            assertEquals("us-east-1", m.get("region").asText());
            assertEquals("arn:aws:states:us-east-1:" + account + ":stateMachine:aurora-upgrade-member-serverless-v2-in-place",
                    m.get("stateMachineArn").asText(), "the member stack's own state machine");
            assertEquals("arn:aws:iam::" + account + ":role/aurora-upgrade-member-us-east-1", m.get("roleArn").asText());
        }
        assertTrue(!members.get(0).get("childName").asText().equals(members.get(1).get("childName").asText()),
                "one cluster name in two accounts: two children");
        assertEquals(List.of(0, 5, 0), List.of(members.get(0).get("startDelaySeconds").asInt(),
                members.get(1).get("startDelaySeconds").asInt(), members.get(2).get("startDelaySeconds").asInt()),
                "start spacing per account: a's second cluster waits, b's first does not");
        assertEquals(members.get(2).get("childName").asText(), members(planWithTargets(input), "otherGroups").get(2)
                .get("childName").asText(), "deterministic: a re-run finds the same child in the same account");
        // Round robin over the targets picks the canaries: they span accounts.
        var twoCanaries = new java.util.HashMap<>(input);
        twoCanaries.put("canaryCount", 2);
        JsonNode canaries = members(planWithTargets(twoCanaries), "canaryGroups");
        assertEquals(List.of(a + "/org-1", b + "/org-1"), List.of(canaries.get(0), canaries.get(1)).stream()
                .map(m -> m.get("account").asText() + "/" + m.get("clusterIdentifier").asText()).toList());

        JsonNode unreachable = plan.get("unreachable");
        assertEquals(List.of(noRole, otherFleet), List.of(unreachable.get(0).get("account").asText(),
                unreachable.get(1).get("account").asText()), "no role, and a role trusting another fleet: reported, in order");
        for (JsonNode u : unreachable) {
            assertTrue(u.get("reason").asText().contains("not authorized to perform: sts:AssumeRole"), u.toString());
        }
        assertEquals(2, plan.get("memberMachines").size());
        assertTrue(plan.get("selection").asText().contains("in 2 of 4 target(s)"), plan.get("selection").asText());
    }

    private void member(String account, String id, String wave) {
        RdsClient rds = TestEmulator.get().rdsIn(account);
        DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
        if (wave != null) {
            String arn = rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0).dbClusterArn();
            rds.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key("upgrade-wave").value(wave)));
        }
    }

    private String refusedTargets(String field, List<?> targets, Map<String, Object> selector) {
        var input = new java.util.HashMap<String, Object>(Map.of("workflow", "in-place", "targets", targets));
        if (selector != null) {
            input.put("selector", selector);
        }
        var e = assertThrows(InvalidInputException.class, () -> planWithTargets(input), field);
        assertTrue(e.getMessage().contains("'" + field + "'"), field + ": " + e.getMessage());
        return e.getMessage();
    }

    private JsonNode planWithTargets(Map<String, Object> input) {
        return TestEmulator.invokeAs("PlanFleetFunction", TestEmulator.get().handler("PlanFleetFunction"), Map.of("input", input,
                "executionName", "t", "startTime", "2026-11-24T03:00:00Z", "stateMachines", Map.of("migrate", "arn:m",
                        "blue-green", "arn:b", "in-place", "arn:i"), "fleetStateMachineArn", FLEET));
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

    /** A plan's members of canaryGroups or otherGroups, group after group (the order their rows come back in). */
    static JsonNode members(JsonNode plan, String groups) {
        var all = TestEmulator.JSON.createArrayNode();
        plan.get(groups).forEach(g -> all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) g.get("members")));
        return all;
    }
}
