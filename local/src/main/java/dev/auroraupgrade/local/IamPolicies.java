package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Each function's IAM policy as template.yaml writes it (inline statements and the managed policies it
 * attaches), evaluated as IAM does for the calls a handler makes: an explicit Deny wins, else some Allow must
 * match the action, every resource ARN the action is authorised against, and its conditions. moto enforces none
 * of this for RDS resources, so without it a missing or too narrow grant shows only on AWS.
 */
public final class IamPolicies {
    static final String ACCOUNT = SamTemplate.ACCOUNT;
    static final String REGION = LocalStepFunctions.REGION;

    /** One statement, with ARNs resolved for the local account and region. */
    record Statement(boolean allow, List<String> actions, List<String> resources, Map<String, Map<String, String>> conditions) {
    }

    /** Why a call is refused, or null when it is allowed. */
    record Decision(boolean allowed, String reason) {
    }

    /**
     * Blue/Green creates green's clusters, instances and endpoints under names of its own; IAM supports no partial
     * name pattern for them, only "*" (Aurora User Guide, "Authorizing access to blue/green deployment operations").
     */
    private static final Set<String> GREEN_ACTIONS = Set.of("rds:DeleteDBCluster", "rds:DeleteDBInstance",
            "rds:DeleteDBClusterEndpoint", "rds:ModifyDBCluster", "rds:ModifyDBInstance", "rds:CreateDBCluster",
            "rds:CreateDBInstance", "rds:CreateDBClusterEndpoint", "rds:PromoteReadReplicaDBCluster");
    private static final Pattern PARTIAL_RDS_NAME = Pattern.compile("^arn:aws:rds:[^:]*:[^:]*:(cluster|db|cluster-endpoint):(?!\\*$).*\\*.*$");

    /**
     * The resource types each RDS action the template grants is authorised on (Service Authorization Reference,
     * "Actions, resources, and condition keys for Amazon RDS"). A grant on another type matches no request of that
     * action: {@link #deadGrants()} names it. FailoverDBCluster: the SAR copies read here list cluster only; issue 20
     * reads it as cluster and the target instance, so both are required locally (a db grant costs nothing if unused).
     */
    static final Map<String, Set<String>> RDS_RESOURCE_TYPES = Map.ofEntries(
            Map.entry("rds:CopyDBClusterParameterGroup", Set.of("cluster-pg")),
            Map.entry("rds:CreateBlueGreenDeployment", Set.of("deployment", "cluster", "cluster-pg", "db", "pg")),
            Map.entry("rds:CreateDBCluster", Set.of("cluster", "cluster-pg", "og", "subgrp", "db", "global-cluster")),
            Map.entry("rds:CreateDBClusterEndpoint", Set.of("cluster", "cluster-endpoint")),
            Map.entry("rds:CreateDBClusterParameterGroup", Set.of("cluster-pg")),
            Map.entry("rds:CreateDBClusterSnapshot", Set.of("cluster", "cluster-snapshot")),
            Map.entry("rds:CreateDBInstance", Set.of("db", "cluster", "og", "pg", "secgrp", "subgrp")),
            Map.entry("rds:CreateDBParameterGroup", Set.of("pg")),
            Map.entry("rds:DeleteBlueGreenDeployment", Set.of("deployment")),
            Map.entry("rds:DeleteDBCluster", Set.of("cluster", "cluster-snapshot")),
            Map.entry("rds:DeleteDBClusterEndpoint", Set.of("cluster-endpoint")),
            Map.entry("rds:DeleteDBInstance", Set.of("db")),
            Map.entry("rds:DescribeDBLogFiles", Set.of("db")),
            Map.entry("rds:DownloadDBLogFilePortion", Set.of("db")),
            Map.entry("rds:RestoreDBClusterToPointInTime", Set.of("cluster", "cluster-pg", "og", "subgrp")),
            Map.entry("rds:DescribeBlueGreenDeployments", Set.of("deployment")),
            Map.entry("rds:DescribeDBClusterParameterGroups", Set.of("cluster-pg")),
            Map.entry("rds:DescribeDBClusterParameters", Set.of("cluster-pg")),
            Map.entry("rds:DescribeDBClusterSnapshots", Set.of("cluster", "cluster-snapshot")),
            Map.entry("rds:DescribeDBClusters", Set.of("cluster")),
            Map.entry("rds:DescribeDBInstances", Set.of("db")),
            Map.entry("rds:DescribeDBProxies", Set.of("db-proxy")),
            Map.entry("rds:DescribeDBProxyTargets", Set.of("db-proxy", "target-group")),
            Map.entry("rds:DescribeGlobalClusters", Set.of("global-cluster")),
            Map.entry("rds:DescribeIntegrations", Set.of("integration")),
            Map.entry("rds:DescribeDBParameterGroups", Set.of("pg")),
            Map.entry("rds:DescribeDBParameters", Set.of("pg")),
            Map.entry("rds:FailoverDBCluster", Set.of("cluster", "db")),
            Map.entry("rds:ModifyDBCluster", Set.of("cluster", "cluster-pg", "og", "pg")),
            Map.entry("rds:ModifyDBClusterParameterGroup", Set.of("cluster-pg")),
            Map.entry("rds:ModifyDBInstance", Set.of("db", "og", "pg", "secgrp", "subgrp")),
            Map.entry("rds:ModifyDBParameterGroup", Set.of("pg")),
            Map.entry("rds:PromoteReadReplicaDBCluster", Set.of("cluster")),
            Map.entry("rds:RebootDBInstance", Set.of("db")),
            Map.entry("rds:RestoreDBClusterFromSnapshot", Set.of("cluster", "cluster-pg", "og", "subgrp", "cluster-snapshot", "snapshot")),
            Map.entry("rds:SwitchoverBlueGreenDeployment", Set.of("deployment")));

    private final Map<String, List<Statement>> byFunction;
    private final Map<String, Set<String>> revoked = new ConcurrentHashMap<>();

    private IamPolicies(Map<String, List<Statement>> byFunction) {
        this.byFunction = byFunction;
    }

    /** Reads every function's policies; a partial name pattern IAM cannot honour is refused here, as on AWS. */
    static IamPolicies load(Path root) {
        JsonNode template;
        try {
            template = new YAMLMapper().readTree(root.resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode resources = template.path("Resources");
        Map<String, String> defaults = new LinkedHashMap<>(SamTemplate.parameterDefaults(template));
        // "!Ref SomeStateMachine" reads as its logical id, "${SomeStateMachine.Name}" as a Sub reference: locally a
        // state machine of the template is created under its logical id in moto's default account.
        resources.fields().forEachRemaining(r -> {
            if ("AWS::Serverless::StateMachine".equals(r.getValue().path("Type").asText())) {
                defaults.put(r.getKey() + ".Name", r.getKey());
                defaults.put(r.getKey(), "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + r.getKey());
            }
        });
        // "${SomeBucket.Arn}": locally a bucket of the template is created on first use under a name that starts with
        // LocalEnvironment.bucketPrefix (one per emulator), so its ARN is that prefix's.
        resources.fields().forEachRemaining(r -> {
            if ("AWS::S3::Bucket".equals(r.getValue().path("Type").asText())) {
                defaults.put(r.getKey() + ".Arn", "arn:aws:s3:::" + LocalEnvironment.bucketPrefix(r.getKey()) + "*");
            }
        });
        Map<String, List<Statement>> managed = new HashMap<>();
        resources.fields().forEachRemaining(r -> {
            if ("AWS::IAM::ManagedPolicy".equals(r.getValue().path("Type").asText())) {
                managed.put(r.getKey(), statements(r.getValue().path("Properties").path("PolicyDocument"), defaults));
            }
        });
        Map<String, List<Statement>> byFunction = new LinkedHashMap<>();
        resources.fields().forEachRemaining(r -> {
            if (!"AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                return;
            }
            List<Statement> all = new ArrayList<>();
            for (JsonNode policy : r.getValue().path("Properties").path("Policies")) {
                policy = branch(policy);
                if (policy.isTextual()) { // "!Ref SomeManagedPolicy" reads as its logical id
                    List<Statement> m = managed.get(policy.asText());
                    if (m == null) {
                        throw new IllegalStateException(r.getKey() + " attaches unknown policy " + policy.asText());
                    }
                    all.addAll(m);
                } else if (policy.has("Statement")) {
                    all.addAll(statements(policy, defaults));
                }
            }
            for (Statement s : all) {
                for (String action : s.actions()) {
                    for (String arn : s.resources()) {
                        if (s.allow() && GREEN_ACTIONS.contains(action) && PARTIAL_RDS_NAME.matcher(arn).matches()) {
                            throw new IllegalStateException(r.getKey() + " grants " + action + " on " + arn + ": IAM does "
                                    + "not support partial name patterns for the resources Blue/Green creates, only *");
                        }
                    }
                }
            }
            byFunction.put(r.getKey(), all);
        });
        // A state machine's own calls (AWS SDK integrations) are made with its role: its inline statements, under its
        // logical id (SAM's policy templates, such as LambdaInvokePolicy, are not read here).
        resources.fields().forEachRemaining(r -> {
            if ("AWS::Serverless::StateMachine".equals(r.getValue().path("Type").asText())) {
                List<Statement> all = new ArrayList<>();
                for (JsonNode policy : r.getValue().path("Properties").path("Policies")) {
                    policy = branch(policy);
                    if (policy.has("Statement")) {
                        all.addAll(statements(policy, defaults));
                    }
                }
                byFunction.put(r.getKey(), all);
            }
        });
        // Roles the template writes itself (the member stack's FleetMemberRole): their inline policies, by logical id.
        resources.fields().forEachRemaining(r -> {
            if ("AWS::IAM::Role".equals(r.getValue().path("Type").asText())) {
                List<Statement> all = new ArrayList<>();
                for (JsonNode policy : r.getValue().path("Properties").path("Policies")) {
                    all.addAll(statements(policy.path("PolicyDocument"), defaults));
                }
                byFunction.put(r.getKey(), all);
            }
        });
        return new IamPolicies(byFunction);
    }

    /**
     * Allow statements naming an RDS resource that no action of the statement is authorised on
     * ({@link #RDS_RESOURCE_TYPES}): a grant that can never match, often one that was meant for another action.
     * Statements with an action outside the table are not judged.
     */
    List<String> deadGrants() {
        Set<String> found = new java.util.TreeSet<>();
        byFunction.forEach((function, statements) -> {
            for (Statement s : statements) {
                if (!s.allow() || !s.actions().stream().allMatch(RDS_RESOURCE_TYPES::containsKey)) {
                    continue;
                }
                for (String arn : s.resources()) {
                    String[] parts = arn.split(":", 7);
                    if (parts.length < 7 || !"rds".equals(parts[2])) {
                        continue;
                    }
                    if (s.actions().stream().noneMatch(a -> RDS_RESOURCE_TYPES.get(a).contains(parts[5]))) {
                        found.add(function + ": " + s.actions() + " on " + arn);
                    }
                }
            }
        });
        return List.copyOf(found);
    }

    /** For a test: the function loses this action, as if its grant were removed from the template. */
    public void revoke(String function, String action) {
        revoked.computeIfAbsent(function, k -> ConcurrentHashMap.newKeySet()).add(action);
    }

    public void restoreAll() {
        revoked.clear();
    }

    /**
     * Decides one call. {@code tagsOf} answers a resource's tags for aws:ResourceTag conditions (empty when the
     * resource does not exist yet).
     */
    Decision decide(String function, String action, List<String> resourceArns, Function<String, Map<String, String>> tagsOf) {
        List<Statement> statements = byFunction.get(function);
        if (statements == null) {
            return new Decision(false, function + " has no role in template.yaml");
        }
        if (revoked.getOrDefault(function, Set.of()).contains(action)) {
            return new Decision(false, action + " was revoked from " + function + " for this test");
        }
        for (String arn : resourceArns) {
            boolean allowed = false;
            for (Statement s : statements) {
                if (!matchesAny(s.actions(), action) || !matchesAny(s.resources(), arn) || !conditionsHold(s, arn, tagsOf)) {
                    continue;
                }
                if (!s.allow()) {
                    return new Decision(false, "an explicit Deny in " + function + "'s policy refuses " + action + " on " + arn);
                }
                allowed = true;
            }
            if (!allowed) {
                return new Decision(false, function + " is not authorized to perform " + action + " on resource " + arn);
            }
        }
        return new Decision(true, null);
    }

    private static boolean conditionsHold(Statement s, String arn, Function<String, Map<String, String>> tagsOf) {
        for (var op : s.conditions().entrySet()) {
            for (var kv : op.getValue().entrySet()) {
                if (!kv.getKey().startsWith("aws:ResourceTag/")) {
                    continue; // kms:ViaService and the like: not evaluable here, taken as met
                }
                String actual = tagsOf.apply(arn).get(kv.getKey().substring("aws:ResourceTag/".length()));
                boolean holds = switch (op.getKey()) {
                    case "StringEquals" -> kv.getValue().equals(actual);
                    case "StringLike" -> actual != null && glob(kv.getValue()).matcher(actual).matches();
                    // IAM "Null": "true" holds when the key is absent, "false" when present.
                    case "Null" -> Boolean.parseBoolean(kv.getValue()) == (actual == null);
                    default -> throw new IllegalStateException("condition operator " + op.getKey() + " is not evaluated locally");
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matchesAny(List<String> patterns, String value) {
        return patterns.stream().anyMatch(p -> glob(p).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static List<Statement> statements(JsonNode document, Map<String, String> parameterDefaults) {
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : document.path("Statement")) {
            Map<String, Map<String, String>> conditions = new LinkedHashMap<>();
            s.path("Condition").fields().forEachRemaining(op -> {
                Map<String, String> keys = new LinkedHashMap<>();
                op.getValue().fields().forEachRemaining(k -> keys.put(k.getKey(), k.getValue().asText()));
                conditions.put(op.getKey(), keys);
            });
            out.add(new Statement("Allow".equals(s.path("Effect").asText()), texts(s.path("Action")),
                    texts(s.path("Resource")).stream().map(arn -> parameterDefaults.getOrDefault(arn,
                            SamTemplate.resolve(arn, parameterDefaults))).toList(),
                    conditions));
        }
        return out;
    }

    /**
     * The template's conditions as they hold for the local stack: an orchestrator (OrchestratorAccountId empty by
     * default) that names no organization management account (OrganizationManagementAccountId empty by default).
     */
    private static final Map<String, Boolean> LOCAL_CONDITIONS = Map.of("IsOrchestratorStack", true,
            "HasOrganizationManagementAccount", false);

    /** "!If [Condition, then, else]" reads as that list (the YAML reader drops the tag): the branch that holds locally. */
    private static JsonNode branch(JsonNode node) {
        if (node.isArray() && node.size() == 3 && LOCAL_CONDITIONS.containsKey(node.get(0).asText())) {
            return node.get(LOCAL_CONDITIONS.get(node.get(0).asText()) ? 1 : 2);
        }
        return node;
    }

    /** "!Sub arn:${AWS::Partition}:rds:..." reads as the plain text; "!Ref Topic" as the logical id. */
    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node = branch(node);
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
