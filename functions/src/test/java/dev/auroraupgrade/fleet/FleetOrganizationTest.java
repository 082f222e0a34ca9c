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
    void theListingsActiveAccountsAreTheTargetsEachOnceStateBeforeTheRetiredStatus() throws Exception {
        List<String> notices = new java.util.ArrayList<>();
        JsonNode listed = org("[{\"ou\": \"ou-ab12-cdef5678\", \"pages\": [[[], [{\"Id\": \"111111111111\", \"State\": \"ACTIVE\"},"
                + " {\"Id\": \"222222222222\", \"State\": \"PENDING_CLOSURE\", \"Status\": \"ACTIVE\"}]],"
                + " [{\"Id\": \"333333333333\", \"Status\": \"ACTIVE\"}]]},"
                + " {\"ou\": \"ou-ab12-0123abcd\", \"pages\": [[], [{\"Id\": \"111111111111\", \"State\": \"ACTIVE\"}]]},"
                + " {\"ou\": \"ou-ab12-9999abcd\", \"pages\": [[], []]}]");
        List<FleetTarget> targets = FleetOrganization.targets(List.of("ou-ab12-cdef5678", "ou-ab12-0123abcd", "ou-ab12-9999abcd"),
                listed, "us-east-1", notices);
        // 222...: State says PENDING_CLOSURE (the retired Status still said ACTIVE): left out. 333...: no State, Status read.
        assertEquals(List.of(new FleetTarget("111111111111", "us-east-1"), new FleetTarget("333333333333", "us-east-1")), targets,
                "an account listed under two OUs is one target");
        assertTrue(notices.contains("OU ou-ab12-cdef5678: not ACTIVE, left out: 222222222222 (PENDING_CLOSURE)"), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("OU ou-ab12-9999abcd has no ACTIVE account")), notices.toString());
        assertThrows(IllegalStateException.class, () -> FleetOrganization.targets(List.of("ou-ab12-cdef5678"),
                org("[{\"ou\": \"ou-ab12-other000\", \"pages\": []}]"), "us-east-1", notices), "a listing of another OU");
        assertTrue(refused("{\"organizationalUnits\":[\"ou-ab12-cdef5671\",\"ou-ab12-cdef5672\",\"ou-ab12-cdef5673\","
                + "\"ou-ab12-cdef5674\",\"ou-ab12-cdef5675\",\"ou-ab12-cdef5676\"]}", false, false, true).contains("at most 5"));
    }
}
