package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.fleet.FleetTargets;
import dev.auroraupgrade.workflow.WorkflowKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template as an orchestrator and as a member stack of an organization-wide fleet (issue 24), read after the SAM
 * transform (scripts/transform-template): the member role's trust, what it may do, and who may assume it.
 */
class OrganizationTemplateTest {
    private static final Set<String> MACHINES = Set.of("MigrateServerlessV1ToV2StateMachine", "BlueGreenUpgradeStateMachine",
            "ServerlessV2InPlaceStateMachine", "RehearseUpgradeStateMachine");
    private static final Set<String> ORCHESTRATOR_ROLES = Set.of("FleetStateMachineRole", "PlanFleetFunctionRole",
            "CheckFailureBudgetFunctionRole");
    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void transform() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(MotoServer.motoPython(), TestEmulator.root().resolve("scripts/transform-template").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        template = TestEmulator.JSON.readTree(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "the SAM transform failed");
        resources = template.get("Resources");
    }

    @Test
    void theDefaultIsAnOrchestratorAndAnAccountIdMakesAMemberThatMustNameItsOrchestrator() {
        JsonNode account = template.get("Parameters").get("OrchestratorAccountId");
        assertEquals("", account.get("Default").asText(), "an orchestrator unless told otherwise");
        assertTrue("123456789012".matches(account.get("AllowedPattern").asText()));
        assertFalse("12345678901".matches(account.get("AllowedPattern").asText()), "an account id has 12 digits");
        assertEquals(json("{\"Fn::Not\": [{\"Fn::Equals\": [{\"Ref\": \"OrchestratorAccountId\"}, \"\"]}]}"),
                template.get("Conditions").get("IsMemberStack"));
        JsonNode rule = template.get("Rules").get("MemberNamesItsOrchestrator");
        assertEquals(template.get("Conditions").get("IsMemberStack"), rule.get("RuleCondition"));
        assertTrue(rule.get("Assertions").get(0).get("Assert").toString().contains("OrchestratorStackName"));
        JsonNode role = resources.get("FleetMemberRole");
        assertEquals("IsMemberStack", role.get("Condition").asText(), "only a member stack creates the member role");
        assertEquals("aurora-upgrade-member-${AWS::Region}", role.get("Properties").get("RoleName").get("Fn::Sub").asText());
        assertEquals(FleetTargets.roleName("${AWS::Region}"), role.get("Properties").get("RoleName").get("Fn::Sub").asText(),
                "the name the orchestrator builds (FleetTargets)");
    }

    @Test
    void aMemberStacksStateMachinesHaveTheFixedNamesTheOrchestratorBuilds() {
        Map<String, WorkflowKind> kinds = Map.of("MigrateServerlessV1ToV2StateMachine", WorkflowKind.MIGRATE,
                "BlueGreenUpgradeStateMachine", WorkflowKind.BLUE_GREEN, "ServerlessV2InPlaceStateMachine", WorkflowKind.IN_PLACE,
                "RehearseUpgradeStateMachine", WorkflowKind.REHEARSE);
        kinds.forEach((machine, kind) -> {
            JsonNode name = resources.get(machine).get("Properties").get("StateMachineName").get("Fn::If");
            assertEquals("IsMemberStack", name.get(0).asText(), machine);
            assertEquals(FleetTargets.machineName(kind), name.get(1).asText(), machine);
            assertTrue(name.get(2).get("Fn::Sub").asText().startsWith("${AWS::StackName}-"), "an orchestrator's stay per stack");
        });
    }

    @Test
    void theMemberRoleTrustsOnlyTheOrchestratorsFleetRolesWithTheFleetsExternalId() {
        JsonNode trust = resources.get("FleetMemberRole").get("Properties").get("AssumeRolePolicyDocument").get("Statement");
        assertEquals(1, trust.size());
        JsonNode s = trust.get(0);
        assertEquals("Allow", s.get("Effect").asText());
        assertEquals("sts:AssumeRole", s.get("Action").asText(), "no session tags, no web identity");
        assertEquals("arn:${AWS::Partition}:iam::${OrchestratorAccountId}:root", s.get("Principal").get("AWS").get("Fn::Sub").asText());
        // Step Functions passes the calling state machine's ARN as the external id of a cross-account task.
        assertEquals("arn:${AWS::Partition}:states:${AWS::Region}:${OrchestratorAccountId}:stateMachine:${OrchestratorStackName}-fleet",
                s.get("Condition").get("StringEquals").get("sts:ExternalId").get("Fn::Sub").asText());
        assertEquals("${AWS::StackName}-fleet", resources.get("FleetStateMachine").get("Properties").get("StateMachineName")
                .get("Fn::Sub").asText(), "the orchestrator's fleet is named as the member's trust expects");
        // The fleet's roles by their path, not their names: CloudFormation cuts a generated role name to 64
        // characters (a long stack name would lose the logical id a name pattern matched), never the path.
        assertEquals("arn:${AWS::Partition}:iam::${OrchestratorAccountId}:role/aurora-upgrade-fleet/${OrchestratorStackName}/*",
                s.get("Condition").get("ArnLike").get("aws:PrincipalArn").get("Fn::Sub").asText());
        Set<String> withFleetPath = new TreeSet<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode path = e.getValue().path("Properties").path("Path");
            if (e.getValue().get("Type").asText().equals("AWS::IAM::Role") && path.has("Fn::Sub")) {
                assertEquals("/aurora-upgrade-fleet/${AWS::StackName}/", path.get("Fn::Sub").asText(), e.getKey());
                withFleetPath.add(e.getKey());
            }
        });
        assertEquals(new TreeSet<>(ORCHESTRATOR_ROLES), withFleetPath, "only the fleet's own roles may assume a member role");
    }

    @Test
    void theMemberRoleOnlyReadsClustersAndRunsThisStacksOwnWorkflows() {
        JsonNode policies = resources.get("FleetMemberRole").get("Properties").get("Policies");
        assertEquals(1, policies.size());
        Set<String> actions = new TreeSet<>();
        for (JsonNode s : policies.get(0).get("PolicyDocument").get("Statement")) {
            assertEquals("Allow", s.get("Effect").asText());
            List<String> acts = strings(s.get("Action"));
            acts.forEach(a -> assertFalse(a.contains("*"), "no wildcard action: " + a));
            actions.addAll(acts);
            for (JsonNode r : s.get("Resource").isArray() ? s.get("Resource") : TestEmulator.JSON.createArrayNode().add(s.get("Resource"))) {
                String text = r.toString();
                if (acts.stream().anyMatch(a -> a.startsWith("rds:"))) {
                    if (r.isTextual()) {
                        assertEquals("*", r.asText());
                        assertEquals(Set.of("rds:DescribeDBMajorEngineVersions", "rds:DescribeAccountAttributes"), Set.copyOf(acts),
                                "\"*\" only for the actions that have no resource type");
                    } else {
                        assertTrue(text.contains("${AWS::Region}:${AWS::AccountId}:"), "this account and Region: " + text);
                    }
                } else if (r.has("Ref")) {
                    assertTrue(MACHINES.contains(r.get("Ref").asText()), "this stack's own state machines: " + text);
                } else {
                    String sub = r.get("Fn::Sub").asText();
                    assertTrue(MACHINES.stream().anyMatch(m -> sub.equals("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}"
                            + ":execution:${" + m + ".Name}:*")), "executions of this stack's own state machines: " + sub);
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBMajorEngineVersions",
                "rds:DescribeAccountAttributes", "states:StartExecution", "states:ListExecutions", "states:DescribeExecution",
                "states:StopExecution")), actions, "reads clusters; starts, lists, describes and stops its workflows; nothing else");
    }

    @Test
    void onlyAnOrchestratorsFleetRolesMayAssumeMemberRolesAndOnlyThoseOfItsRegion() {
        List<String> assuming = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            if (!"AWS::IAM::Role".equals(r.getValue().path("Type").asText())) {
                return;
            }
            for (JsonNode p : r.getValue().path("Properties").path("Policies")) {
                if (!p.toString().contains("sts:")) {
                    continue;
                }
                assuming.add(r.getKey());
                JsonNode branch = p.get("Fn::If");
                assertTrue(branch != null && branch.get(0).asText().equals("IsOrchestratorStack"), r.getKey() + ": " + p);
                assertEquals(json("{\"Ref\": \"AWS::NoValue\"}"), branch.get(2), "a member stack grants none");
                JsonNode statements = branch.get(1).get("PolicyDocument").get("Statement");
                assertEquals(1, statements.size());
                assertEquals("sts:AssumeRole", statements.get(0).get("Action").asText());
                assertEquals("arn:${AWS::Partition}:iam::*:role/aurora-upgrade-member-${AWS::Region}",
                        statements.get(0).get("Resource").get("Fn::Sub").asText(), "member roles of this Region only");
            }
        });
        assertEquals(new TreeSet<>(ORCHESTRATOR_ROLES), new TreeSet<>(assuming));
    }

    /**
     * A service-managed stack set refuses a template that references the AWS::Serverless transform (CreateStackSet,
     * Capabilities), so docs/fleets.md rolls out the processed template: a packaged template (what sam package writes:
     * code and definitions in S3) through scripts/member-template
     * (scripts/transform-template with the packaged file). Measured by hand on 2026-12-03: sam build and sam package
     * against moto's S3, then this script, gave a template of 276 KB with no Serverless resource.
     */
    @Test
    void theStackSetGetsAProcessedTemplateTooLargeForABodyAndWithinATemplateUrlsLimit(@TempDir Path dir) throws Exception {
        String packaged = Files.readString(TestEmulator.root().resolve("template.yaml"))
                .replace("CodeUri: functions", "CodeUri: s3://artifacts/functions-code")
                .replaceAll("DefinitionUri: statemachine/(\\S+)", "DefinitionUri:\n        Bucket: artifacts\n        Key: $1");
        Files.writeString(dir.resolve("packaged.yaml"), packaged);
        var processed = memberTemplate(dir.resolve("packaged.yaml"));
        assertEquals(0, processed.exit(), processed.err());
        JsonNode t = TestEmulator.JSON.readTree(processed.out());
        assertFalse(t.has("Transform"), "no macro left for StackSets to refuse");
        t.get("Resources").fields().forEachRemaining(r -> assertFalse(r.getValue().get("Type").asText()
                .startsWith("AWS::Serverless::"), r.getKey()));
        assertEquals("IsMemberStack", t.get("Resources").get("FleetMemberRole").get("Condition").asText());
        assertEquals(json("{\"S3Bucket\": \"artifacts\", \"S3Key\": \"functions-code\"}"),
                t.get("Resources").get("PlanFleetFunction").get("Properties").get("Code"));
        // CreateStackSet: TemplateBody holds at most 51,200 bytes, a TemplateURL's object 1 MB: the docs use the URL.
        int bytes = processed.out().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes > 51_200 && bytes < 1_048_576, bytes + " bytes");

        var unpackaged = memberTemplate(TestEmulator.root().resolve("template.yaml"));
        assertTrue(unpackaged.exit() != 0 && unpackaged.err().contains("run sam package first")
                && unpackaged.err().contains("FleetStateMachine"), unpackaged.err());
    }

    private record Ran(int exit, String out, String err) {
    }

    private static Ran memberTemplate(Path template) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(MotoServer.motoPython(), TestEmulator.root().resolve("scripts/transform-template").toString(),
                template.toString()).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8),
                new String(err, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void onlyAnOrchestratorsFleetStateMachineMayListOusAccountsAndOnlyOuArnsOfTheNamedManagementAccount() {
        List<String> listing = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            if (!"AWS::IAM::Role".equals(r.getValue().path("Type").asText())) {
                return;
            }
            for (JsonNode p : r.getValue().path("Properties").path("Policies")) {
                if (!p.toString().contains("organizations:")) {
                    continue;
                }
                listing.add(r.getKey());
                JsonNode branch = p.get("Fn::If");
                assertTrue(branch != null && branch.get(0).asText().equals("IsOrchestratorStack"), r.getKey() + ": " + p);
                assertEquals(json("{\"Ref\": \"AWS::NoValue\"}"), branch.get(2), "a member stack grants none");
                JsonNode statements = branch.get(1).get("PolicyDocument").get("Statement");
                assertEquals(1, statements.size());
                assertEquals(json("[\"organizations:ListAccountsForParent\", \"organizations:ListOrganizationalUnitsForParent\"]"),
                        statements.get(0).get("Action"), "the walk's two listings only");
                JsonNode resource = statements.get(0).get("Resource").get("Fn::If");
                assertEquals("HasOrganizationManagementAccount", resource.get(0).asText());
                assertEquals("arn:${AWS::Partition}:organizations::${OrganizationManagementAccountId}:ou/o-*/ou-*",
                        resource.get(1).get("Fn::Sub").asText(), "OUs of the named management account's organization");
                assertEquals("arn:${AWS::Partition}:organizations::*:ou/o-*/ou-*", resource.get(2).get("Fn::Sub").asText(),
                        "OUs only, never roots or the organization itself");
            }
        });
        assertEquals(List.of("FleetStateMachineRole"), listing);
        JsonNode management = template.get("Parameters").get("OrganizationManagementAccountId");
        assertEquals("", management.get("Default").asText());
        assertTrue("123456789012".matches(management.get("AllowedPattern").asText()));
        assertFalse("*".matches(management.get("AllowedPattern").asText()));
        assertEquals(json("{\"Fn::Not\": [{\"Fn::Equals\": [{\"Ref\": \"OrganizationManagementAccountId\"}, \"\"]}]}"),
                template.get("Conditions").get("HasOrganizationManagementAccount"));
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return TestEmulator.JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheFleetAndItsSummarizingFunctionWriteToTheReportBucketAndOnlyUnderFleets() {
        List<String> writers = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            if (!"AWS::IAM::Role".equals(r.getValue().path("Type").asText())) {
                return;
            }
            for (JsonNode p : r.getValue().path("Properties").path("Policies")) {
                for (JsonNode st : p.path("PolicyDocument").path("Statement")) {
                    if (!st.path("Action").toString().contains("s3:")) {
                        continue;
                    }
                    writers.add(r.getKey());
                    assertEquals(List.of("s3:PutObject"), strings(st.get("Action")), r.getKey() + ": " + st);
                    assertEquals("${FleetReportBucket.Arn}/fleets/*", st.get("Resource").get("Fn::Sub").asText(),
                            r.getKey() + ": objects under fleets/ of the stack's bucket only: " + st);
                }
            }
        });
        assertEquals(new TreeSet<>(Set.of("FleetStateMachineRole", "SummarizeFleetFunctionRole")), new TreeSet<>(writers));
    }
}
