package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Fleet input organization end to end (issue 24): statemachine/fleet.asl.json on moto's interpreter checks the OUs,
 * walks them and their child OUs with the AWS SDK integrations organizations:listAccountsForParent and
 * listOrganizationalUnitsForParent (paginated, as the fleet state machine's own account and role: the local layer
 * checks the role's grant) from moto's Organizations, and plans the ACTIVE accounts as targets, each through its
 * member role.
 */
class OrganizationResolutionTest extends WorkflowTestSupport {
    OrganizationResolutionTest() {
        super(FleetWorkflowTest.MACHINE, "orgres", Duration.ofMinutes(6));
    }

    @Test
    void theOusActiveAccountsAreTheTargetsOfADryRunAndAReRunResumes() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount(); // the organization's management account
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String ou1 = org.createOrganizationalUnit("databases");
        String ou2 = org.createOrganizationalUnit("analytics");
        String ou3 = org.createOrganizationalUnit("not-listed");
        String empty = org.createOrganizationalUnit("empty");
        String a = org.createAccount("org-a", ou1);
        String suspended = org.createAccount("org-suspended", ou1);
        String b = org.createAccount("org-b", ou2);
        String noStack = org.createAccount("org-no-stack", ou2);
        String outside = org.createAccount("org-outside", ou3);
        String wave = TestEmulator.uniqueId("wave");
        for (String account : List.of(a, suspended, b, outside)) {
            env.deployMemberStack(account, fleetArn);
        }
        String a1 = TestEmulator.uniqueId("orgres-a");
        String a2 = TestEmulator.uniqueId("orgres-a");
        String b1 = TestEmulator.uniqueId("orgres-b");
        provisioned(a, a1, wave);
        provisioned(a, a2, wave);
        provisioned(b, b1, wave);
        provisioned(suspended, TestEmulator.uniqueId("orgres-s"), wave);
        provisioned(outside, TestEmulator.uniqueId("orgres-o"), wave);
        org.closeAccount(suspended);

        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", wave)),
                "organization", Map.of("organizationalUnits", List.of(ou1, ou2, empty), "regions", List.of("us-east-1")),
                "dryRun", true, "maxConcurrency", 4);
        String execution = TestEmulator.uniqueId("orgres");
        var ex = env.start(FleetWorkflowTest.MACHINE, execution, TestEmulator.JSON.writeValueAsString(input), orchestrator)
                .await(Duration.ofMinutes(6));
        assertSucceeded(ex);
        assertEquals(3, ex.entered("ListOrganizationalUnitAccounts"), "each listed OU, once");
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        Map<String, JsonNode> rows = new HashMap<>();
        out.get("rows").forEach(r -> rows.put(r.get("account").asText() + "/" + r.path("clusterIdentifier").asText("-"), r));
        assertEquals(4, rows.size(), out.toString());
        for (String[] row : List.of(new String[] {a, a1}, new String[] {a, a2}, new String[] {b, b1})) {
            JsonNode r = rows.get(row[0] + "/" + row[1]);
            assertEquals("SUCCEEDED", r.get("outcome").asText(), r.toString());
            assertEquals("PLANNED", r.get("status").asText(), r.toString());
            assertEquals("us-east-1", r.get("region").asText(), r.toString());
        }
        JsonNode notReached = rows.get(noStack + "/-");
        assertEquals("NOT_STARTED", notReached.get("outcome").asText(), notReached.toString());
        assertTrue(notReached.get("reason").asText().contains("arn:aws:iam::" + noStack + ":role/aurora-upgrade-member-us-east-1"),
                notReached.toString());
        JsonNode totals = out.get("totals");
        assertEquals(List.of(3, 3, 0, 1), List.of(totals.get("clusters").asInt(), totals.get("planned").asInt(),
                totals.get("blocked").asInt(), totals.get("unreachableTargets").asInt()), totals.toString());
        // The suspended account and the one in an OU not listed were never targets (no row, no clusters read there).
        assertTrue(rows.keySet().stream().noneMatch(k -> k.startsWith(suspended + "/") || k.startsWith(outside + "/")), rows.keySet().toString());
        assertEquals(List.of(a, b, noStack), TestEmulator.JSON.convertValue(out.get("targets").findValuesAsText("account"), List.class));

        // Resumed: the same input with fleetRunId = the first run's name lists the same accounts and finds each child.
        var again = new HashMap<String, Object>(input);
        again.put("fleetRunId", execution);
        var second = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-again"),
                TestEmulator.JSON.writeValueAsString(again), orchestrator).await(Duration.ofMinutes(6));
        assertSucceeded(second);
        int resumed = 0;
        for (JsonNode r : TestEmulator.JSON.readTree(second.output()).get("rows")) {
            if (r.get("clusterIdentifier").isNull()) {
                continue;
            }
            JsonNode first = rows.get(r.get("account").asText() + "/" + r.get("clusterIdentifier").asText());
            assertTrue(r.get("resumed").asBoolean(), r.toString());
            assertEquals(first.get("executionArn").asText(), r.get("executionArn").asText(), "the first run's child");
            resumed++;
        }
        assertEquals(3, resumed);
    }

    @Test
    void anOrganizationWithoutAnyActiveAccountIsRefusedByNameSayingWhatWasLeftOut() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String ou = org.createOrganizationalUnit("lonely");
        String closed = org.createAccount("org-closed", ou);
        org.closeAccount(closed);
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", "none")),
                "organization", Map.of("organizationalUnits", List.of(ou)), "dryRun", true);
        var ex = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-none"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        // An organization that yields no target is refused by name; its only account was SUSPENDED.
        assertEquals("FAILED", ex.status());
        assertEquals("EmptyFleetSelectionException", ex.error(), ex.cause());
        assertTrue(ex.cause().contains(ou) && ex.cause().contains(closed + " (SUSPENDED)"), ex.cause());
    }

    @Test
    void badOusFailByNameAndAnOuIdOfTheRightShapeThatDoesNotExistFailsBeforeAnyChild() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        var org = new LocalOrganization(env.emulator(), orchestrator);
        var input = new HashMap<String, Object>(Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("w", "1")),
                "organization", Map.of("organizationalUnits", List.of("ou-nope"))));
        var bad = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-bad"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        assertEquals("FAILED", bad.status());
        assertEquals("InvalidInputException", bad.error(), bad.cause());
        assertTrue(bad.cause().contains("'organization.organizationalUnits[0]'"), bad.cause());
        assertEquals(0, bad.entered("ListOrganizationalUnitAccounts"), "no Organizations call for bad input");

        String missing = org.rootId().replace("r-", "ou-") + "-abcdefgh";
        input.put("organization", Map.of("organizationalUnits", List.of(missing)));
        var notFound = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-nf"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        assertEquals("FAILED", notFound.status());
        assertEquals("Organizations.ParentNotFoundException", notFound.error(), notFound.cause());
        assertTrue(notFound.cause().contains(missing) && notFound.cause().contains("No cluster was started"), notFound.cause());
        assertEquals(0, notFound.entered("PlanOrganizationFleet"), "nothing was planned");
    }

    @Test
    void anOrchestratorThatIsNotTheManagementAccountOrWhoseRoleMayNotListFailsByNameBeforeAnyChild() throws Exception {
        String management = LocalStepFunctions.newAccount();
        var org = new LocalOrganization(env.emulator(), management);
        String ou = org.createOrganizationalUnit("members");
        String member = org.createAccount("org-member-orchestrator", ou);
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("w", "1")),
                "organization", Map.of("organizationalUnits", List.of(ou)));
        // The orchestrator stack is deployed in a member account, which is no delegated administrator.
        var denied = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-member"),
                TestEmulator.JSON.writeValueAsString(input), member).await(Duration.ofMinutes(3));
        assertEquals("FAILED", denied.status());
        assertEquals("Organizations.AccessDeniedException", denied.error(), denied.cause());
        assertTrue(denied.cause().contains("management account") && denied.cause().contains("No cluster was started"),
                denied.cause());
        assertEquals(0, denied.entered("PlanOrganizationFleet"));

        // The same member, once the management account registers it as a delegated administrator, may list the OU:
        // it is the member's single target (no member stack there, so nothing is selected, by name).
        org.call(management, "RegisterDelegatedAdministrator", Map.of("AccountId", member,
                "ServicePrincipal", "servicecatalog.amazonaws.com"));
        var delegated = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-admin"),
                TestEmulator.JSON.writeValueAsString(input), member).await(Duration.ofMinutes(3));
        assertEquals("EmptyFleetSelectionException", delegated.error(), delegated.cause());
        assertTrue(delegated.cause().contains("in 1 target(s)") && delegated.cause().contains(member), delegated.cause());

        // The management account, but its fleet role lacks organizations:ListAccountsForParent (checked locally
        // against template.yaml, as IAM would).
        env.iam().revoke(LocalLambdaEndpoint.ORGANIZATIONS_CALLER, "organizations:ListAccountsForParent");
        var revoked = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-iam"),
                TestEmulator.JSON.writeValueAsString(input), management).await(Duration.ofMinutes(3));
        assertEquals("FAILED", revoked.status());
        assertEquals("Organizations.AccessDeniedException", revoked.error(), revoked.cause());
        assertTrue(revoked.cause().contains("not authorized") || revoked.cause().contains("revoked"), revoked.cause());
    }

    @Test
    void anOuIsReadPageByPageAndOneLargerThanTheLoopsBoundFailsByName() throws Exception {
        String orchestrator = LocalStepFunctions.newAccount();
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String ou = org.createOrganizationalUnit("wide");
        for (int i = 0; i < 21; i++) {
            org.createAccount("org-wide-" + i, ou);
        }
        var input = new HashMap<String, Object>(Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("w", "1")),
                "organization", Map.of("organizationalUnits", List.of(ou)), "dryRun", true));
        var two = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-pages"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        // No member stack anywhere: every target is unreachable, and nothing is selected. All 21 were read (2 pages).
        assertEquals("EmptyFleetSelectionException", two.error(), two.cause());
        assertTrue(two.cause().contains("in 21 target(s)"), two.cause());
        assertEquals(1, two.entered("ListMoreOrganizationalUnitAccounts"), "the second page, read with NextToken");

        for (int i = 21; i < 101; i++) {
            org.createAccount("org-wide-" + i, ou);
        }
        var tooMany = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-large"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        assertEquals("OrganizationalUnitTooLarge", tooMany.error(), tooMany.cause());
        assertTrue(tooMany.cause().contains("more than 100 accounts"), tooMany.cause());
        assertEquals(0, tooMany.entered("PlanOrganizationFleet"));
    }

    /** Workloads/Prod/TeamA, as a platform team nests them: an account in each, member stacks, a tagged cluster each. */
    private record Nested(String orchestrator, String workloads, String prod, String teamA, List<String> accounts,
                          List<String> clusters, String wave) {
    }

    private Nested nested(String prefix) {
        String orchestrator = LocalStepFunctions.newAccount();
        String fleetArn = LocalEnvironment.stateMachineArn(FleetWorkflowTest.MACHINE, orchestrator);
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String workloads = org.createOrganizationalUnit("Workloads");
        String prod = org.createOrganizationalUnit("Prod", workloads);
        String teamA = org.createOrganizationalUnit("TeamA", prod);
        String wave = TestEmulator.uniqueId("wave");
        List<String> accounts = new java.util.ArrayList<>();
        List<String> clusters = new java.util.ArrayList<>();
        for (String ou : List.of(workloads, prod, teamA)) {
            String account = org.createAccount(prefix + "-" + accounts.size(), ou);
            env.deployMemberStack(account, fleetArn);
            String cluster = TestEmulator.uniqueId(prefix);
            provisioned(account, cluster, wave);
            accounts.add(account);
            clusters.add(account + "/" + cluster);
        }
        return new Nested(orchestrator, workloads, prod, teamA, accounts, clusters, wave);
    }

    private LocalStepFunctions.Execution dryRun(Nested n, List<String> ous) throws Exception {
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("upgrade-wave", n.wave())),
                "organization", Map.of("organizationalUnits", ous), "dryRun", true, "maxConcurrency", 4);
        return env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-nested"),
                TestEmulator.JSON.writeValueAsString(input), n.orchestrator()).await(Duration.ofMinutes(6));
    }

    private static List<String> plannedRows(LocalStepFunctions.Execution ex) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (JsonNode r : TestEmulator.JSON.readTree(ex.output()).get("rows")) {
            assertEquals("PLANNED", r.get("status").asText(), r.toString());
            rows.add(r.get("account").asText() + "/" + r.get("clusterIdentifier").asText());
        }
        return rows;
    }

    @Test
    void anAccountInANestedOuTwoLevelsBelowTheNamedOuIsInTheFleet() throws Exception {
        Nested n = nested("orgres-nest");
        var ex = dryRun(n, List.of(n.workloads()));
        assertSucceeded(ex);
        // StackSets deploy to an OU's child OUs too: the fleet covers Workloads, Workloads/Prod and Workloads/Prod/TeamA.
        assertEquals(n.accounts(), TestEmulator.JSON.convertValue(TestEmulator.JSON.readTree(ex.output()).get("targets")
                .findValuesAsText("account"), List.class));
        assertEquals(n.clusters(), plannedRows(ex), "TeamA's cluster, two levels below Workloads, is planned");
        assertEquals(3, ex.entered("ListOrganizationalUnitAccounts"), "each OU of the tree listed once");
    }

    @Test
    void anOuNamedTogetherWithItsChildGivesEachAccountOnce() throws Exception {
        Nested n = nested("orgres-twice");
        var ex = dryRun(n, List.of(n.workloads(), n.prod()));
        assertSucceeded(ex);
        assertEquals(n.accounts(), TestEmulator.JSON.convertValue(TestEmulator.JSON.readTree(ex.output()).get("targets")
                .findValuesAsText("account"), List.class), "each account once, TeamA's too");
        assertEquals(n.clusters(), plannedRows(ex), "each cluster once");
        assertEquals(3, ex.entered("ListOrganizationalUnitAccounts"), "Prod, named and a child of Workloads, listed once");
    }

    @Test
    void anOuDeeperThanAwsNestsThemIsRefusedByNameBeforeAnyChild() throws Exception {
        // AWS Organizations nests OUs at most five levels under the root; moto does not bound it, so a sixth level can be
        // built here: the walk, which reads five levels from a named OU, refuses it rather than miss its accounts.
        String orchestrator = LocalStepFunctions.newAccount();
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String top = org.createOrganizationalUnit("level1");
        String ou = top;
        for (int level = 2; level <= 6; level++) {
            ou = org.createOrganizationalUnit("level" + level, ou);
        }
        var input = Map.of("workflow", "in-place", "selector", Map.of("tags", Map.of("w", "1")),
                "organization", Map.of("organizationalUnits", List.of(top)), "dryRun", true);
        var ex = env.start(FleetWorkflowTest.MACHINE, TestEmulator.uniqueId("orgres-deep"),
                TestEmulator.JSON.writeValueAsString(input), orchestrator).await(Duration.ofMinutes(3));
        assertEquals("FAILED", ex.status());
        assertEquals("OrganizationTooDeepException", ex.error(), ex.cause());
        assertTrue(ex.cause().contains(ou + " is 6 levels deep") && ex.cause().contains("No cluster was started"), ex.cause());
        assertEquals(5, ex.entered("ListOrganizationalUnitAccounts"), "five levels read");
        assertEquals(0, ex.entered("PlanOrganizationFleet"));
    }

    private void provisioned(String account, String id, String wave) {
        RdsClient in = env.rdsIn(account);
        DemoClusters.createProvisioned(in, id, "aurora-postgresql", "14.9");
        String arn = in.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0).dbClusterArn();
        in.addTagsToResource(r -> r.resourceName(arn).tags(t -> t.key("upgrade-wave").value(wave)));
    }
}
