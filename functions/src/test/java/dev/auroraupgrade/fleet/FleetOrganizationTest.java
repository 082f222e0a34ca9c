package dev.auroraupgrade.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetOrganizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode org(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static String refused(String json, boolean targets, boolean clusters, boolean selector) {
        return assertThrows(InvalidInputException.class, () -> FleetOrganization.validate(org(json), targets, clusters,
                selector, "us-east-1")).getMessage();
    }

    @Test
    void acceptsOusInTheOrchestratorsRegion() throws Exception {
        assertEquals(List.of("ou-ab12-cdef5678", "ou-ab12-0123456789abcdef"), FleetOrganization.validate(
                org("{\"organizationalUnits\":[\"ou-ab12-cdef5678\",\"ou-ab12-0123456789abcdef\"],\"regions\":[\"us-east-1\"]}"),
                false, false, true, "us-east-1"));
    }

    @Test
    void refusesByName() {
        String ok = "{\"organizationalUnits\":[\"ou-ab12-cdef5678\"]}";
        assertTrue(refused(ok, true, false, true).contains("'organization' cannot be combined with 'targets'"));
        assertTrue(refused(ok, false, true, true).contains("'organization' cannot be combined with 'clusters'"));
        assertTrue(refused(ok, false, false, false).contains("'selector' is required"));
        assertTrue(refused("{\"organizationalUnits\":[]}", false, false, true).contains("organizationalUnits'"));
        assertTrue(refused("{\"organizationalUnits\":[\"r-ab12\"]}", false, false, true).contains("is a root"));
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab1-cdef5678\"]}", false, false, true).contains("not an OU id"));
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab12-cdef567\"]}", false, false, true).contains("not an OU id"));
        assertTrue(refused("{\"organizationalUnits\":[\"OU-AB12-CDEF5678\"]}", false, false, true).contains("not an OU id"));
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab12-cdef5678\",\"ou-ab12-cdef5678\"]}", false, false, true)
                .contains("listed twice"));
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab12-cdef5678\"],\"regions\":[\"eu-west-1\"]}", false, false, true)
                .contains("not this orchestrator's Region (us-east-1)"));
    }

    @Test
    void theWalksActiveAccountsAreTheTargetsEachOnceEachOuListedOnceStateBeforeTheRetiredStatus() throws Exception {
        String a = "ou-ab12-cdef5678";
        String b = "ou-ab12-0123abcd";
        String c = "ou-ab12-9999abcd";
        String d = "ou-ab12-child001";
        OrganizationWalk walk = FleetOrganization.startWalk(List.of(a, b, c));
        assertEquals(new OrganizationWalk.Unit(a, a, 1), walk.current());
        // a lists b (named too: not queued again) and d, its child.
        walk = FleetOrganization.walk(walk, org("[[[], [{\"Id\": \"111111111111\", \"State\": \"ACTIVE\"},"
                + " {\"Id\": \"222222222222\", \"State\": \"PENDING_CLOSURE\", \"Status\": \"ACTIVE\"}]]]"),
                org("[[], [{\"Id\": \"" + b + "\"}, {\"Id\": \"" + d + "\"}]]"));
        assertEquals(List.of(new OrganizationWalk.Unit(c, c, 1), new OrganizationWalk.Unit(d, a, 2)), walk.pending());
        walk = FleetOrganization.walk(walk, org("[[], [{\"Id\": \"111111111111\", \"State\": \"ACTIVE\"},"
                + " {\"Id\": \"333333333333\", \"Status\": \"ACTIVE\"}]]"), org("[[], []]"));
        walk = FleetOrganization.walk(walk, org("[[], []]"), org("[[], [{\"Id\": \"" + a + "\"}]]"));
        assertEquals(new OrganizationWalk.Unit(d, a, 2), walk.current(), "an OU met again is not listed again");
        walk = FleetOrganization.walk(walk, org("[[], [{\"Id\": \"444444444444\", \"State\": \"ACTIVE\"}]]"), org("[]"));
        assertEquals(null, walk.current());
        assertEquals(List.of(a, b, c, d), walk.walked().stream().map(OrganizationWalk.Unit::ou).toList(), "each OU once");
        List<String> notices = new java.util.ArrayList<>();
        List<FleetTarget> targets = FleetOrganization.targets(List.of(a, b, c), walk, "us-east-1", notices);
        // 222...: State says PENDING_CLOSURE (the retired Status still said ACTIVE): left out. 333...: no State, Status read.
        assertEquals(List.of(new FleetTarget("111111111111", "us-east-1"), new FleetTarget("333333333333", "us-east-1"),
                new FleetTarget("444444444444", "us-east-1")), targets, "an account listed under two OUs is one target");
        assertTrue(notices.contains("OU " + a + " and its 1 child OU(s): not ACTIVE, left out: 222222222222 (PENDING_CLOSURE)"),
                notices.toString());
        assertTrue(notices.contains("OU " + c + ": no ACTIVE account"), notices.toString());
        OrganizationWalk unfinished = FleetOrganization.startWalk(List.of(a));
        assertThrows(IllegalStateException.class, () -> FleetOrganization.targets(List.of(a), unfinished, "us-east-1", notices),
                "a walk that has not listed every OU");
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab12-cdef5671\",\"ou-ab12-cdef5672\",\"ou-ab12-cdef5673\","
                + "\"ou-ab12-cdef5674\",\"ou-ab12-cdef5675\",\"ou-ab12-cdef5676\"]}", false, false, true).contains("at most 5"));
    }

    @Test
    void theWalkReadsFiveLevelsAsAwsNestsThemAndRefusesADeeperOuAndMoreOusOrAccountsThanItsBoundsByName() throws Exception {
        String named = "ou-ab12-cdef5678";
        var fourDeep = new OrganizationWalk(new OrganizationWalk.Unit("ou-ab12-level004", named, 4), List.of(), List.of(),
                List.of());
        OrganizationWalk fifth = FleetOrganization.walk(fourDeep, org("[]"), org("[[], [{\"Id\": \"ou-ab12-level005\"}]]"));
        assertEquals(new OrganizationWalk.Unit("ou-ab12-level005", named, 5), fifth.current());
        var deep = assertThrows(dev.auroraupgrade.errors.OrganizationTooDeepException.class, () -> FleetOrganization.walk(
                fifth, org("[]"), org("[[], [{\"Id\": \"ou-ab12-level006\"}]]")));
        assertTrue(deep.getMessage().contains("ou-ab12-level006 is 6 levels deep") && deep.getMessage().contains(named),
                deep.getMessage());
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < FleetOrganization.MAX_WALKED_UNITS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"Id\": \"ou-ab12-many").append(String.format("%04d", i)).append("\"}");
        }
        var wide = assertThrows(dev.auroraupgrade.errors.OrganizationTooLargeException.class, () -> FleetOrganization.walk(
                FleetOrganization.startWalk(List.of(named)), org("[]"), org(many + "]")));
        assertTrue(wide.getMessage().contains("more than " + FleetOrganization.MAX_WALKED_UNITS + " OUs"), wide.getMessage());
        StringBuilder accounts = new StringBuilder("[");
        for (int i = 0; i <= FleetOrganization.MAX_ACCOUNTS; i++) {
            accounts.append(i == 0 ? "" : ",").append("{\"Id\": \"").append(String.format("%012d", i)).append("\", \"State\": \"ACTIVE\"}");
        }
        var crowded = assertThrows(dev.auroraupgrade.errors.OrganizationTooLargeException.class, () -> FleetOrganization.walk(
                FleetOrganization.startWalk(List.of(named)), org(accounts + "]"), org("[]")));
        assertTrue(crowded.getMessage().contains("501 accounts"), crowded.getMessage());
    }
}
