package dev.auroraupgrade.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auroraupgrade.local.LocalStepFunctions;
import dev.auroraupgrade.rds.RdsLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.UpgradeTarget;

/**
 * The scenarios: the smallest clusters that exercise each route, each run first as a dry run (PLANNED, nothing
 * changed) and then for real through the stack's state machine, judged on the account's real state by what the
 * end-to-end tests assert. Versions are asked of RDS (DescribeDBEngineVersions: the newest it offers of each source
 * major, and the newest valid upgrade target), so the suite follows what the account offers.
 */
public final class Scenarios {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The smallest classes each engine runs Aurora on (Aurora User Guide, "Supported DB engines for DB instance classes"). */
    static final String MYSQL_CLASS = "db.t3.medium";
    static final String POSTGRES_CLASS = "db.t4g.medium";
    static final String FLEET_TAG = "aurora-upgrade-acceptance:fleet";

    /** One scenario: what it creates (for the printed plan), and how it runs and is judged. */
    public record Scenario(String name, String workflow, String creates, int instancesAtPeak, double awsHours) {
    }

    public static final List<Scenario> ALL = List.of(
            new Scenario("migrate-mysql", "migrate", "an Aurora MySQL 2 provisioned cluster (a former-v1 look-alike), 1 "
                    + MYSQL_CLASS + "; its snapshot; a new Serverless v2 cluster on MySQL 3", 2, 1.5),
            new Scenario("blue-green-postgresql", "blue-green", "an Aurora PostgreSQL 14 cluster, 1 " + POSTGRES_CLASS
                    + "; its green on 16, kept as old blue after the switchover", 2, 1.5),
            new Scenario("in-place-mysql", "in-place", "an Aurora MySQL 2 provisioned cluster, 1 " + MYSQL_CLASS
                    + "; green on MySQL 3 with db.serverless", 3, 2.0),
            new Scenario("fleet-of-two", "fleet", "two Aurora MySQL 3 clusters, 1 " + MYSQL_CLASS
                    + " each, upgraded by Blue/Green from one fleet", 4, 1.5),
            new Scenario("blue-green-abort", "blue-green", "an Aurora MySQL 3 cluster, 1 " + MYSQL_CLASS
                    + "; a green that the run deletes when the approval is rejected", 2, 1.0),
            new Scenario("rehearse-mysql", "rehearse", "an Aurora MySQL 2 cluster, 1 " + MYSQL_CLASS
                    + "; a copy-on-write clone with 1 " + MYSQL_CLASS + ", upgraded to MySQL 3 and deleted", 2, 1.0));

    private final StackUnderTest stack;
    private final RdsClient rds;
    private final RdsLookup lookup;
    private final String runId;
    private final Duration runTimeout;
    private final Duration poll;

    public Scenarios(StackUnderTest stack, String runId, Duration runTimeout, Duration poll) {
        this.stack = stack;
        this.rds = stack.rds();
        this.lookup = new RdsLookup(rds);
        this.runId = runId;
        this.runTimeout = runTimeout;
        this.poll = poll;
    }

    /** Runs one scenario; the list of what went wrong (empty: passed). */
    public List<String> run(Scenario s) {
        List<String> failures = new ArrayList<>();
        try {
            switch (s.name()) {
                case "migrate-mysql" -> migrate(failures);
                case "blue-green-postgresql" -> blueGreen(failures);
                case "in-place-mysql" -> inPlace(failures);
                case "fleet-of-two" -> fleet(failures);
                case "blue-green-abort" -> abort(failures);
                case "rehearse-mysql" -> rehearse(failures);
                default -> failures.add("no such scenario");
            }
        } catch (RuntimeException e) {
            failures.add("stopped by " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return failures;
    }

    private String id(String name) {
        return RunTags.prefix(runId) + name;
    }

    private void migrate(List<String> failures) {
        String source = id("mig");
        String v2 = source + "-v2";
        String from = newest("aurora-mysql", "5.7.mysql_aurora.2.12");
        createCluster(source, "aurora-mysql", from, MYSQL_CLASS, List.of());
        String to = newestTarget("aurora-mysql", from, "8.0.");
        Map<String, Object> in = map("sourceClusterIdentifier", source, "targetClusterIdentifier", v2,
                "targetEngineVersion", to, "minCapacity", 0.5, "maxCapacity", 2, "provisionedInstanceClass", MYSQL_CLASS);
        dryRunChangesNothing("migrate", source, in, failures);
        JsonNode out = succeeded("migrate", source, in, failures);
        if (out == null) {
            return;
        }
        Optional<DBCluster> target = lookup.cluster(v2);
        expect(failures, target.isPresent(), "the new cluster " + v2 + " exists");
        target.ifPresent(c -> {
            expect(failures, to.equals(c.engineVersion()), v2 + " runs " + to + " (runs " + c.engineVersion() + ")");
            expect(failures, lookup.clusterInstances(v2).stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())),
                    "every instance of " + v2 + " is db.serverless");
        });
        expect(failures, from.equals(lookup.cluster(source).map(DBCluster::engineVersion).orElse(null)),
                "the source " + source + " is untouched at " + from);
    }

    private void blueGreen(List<String> failures) {
        String blue = id("bg-pg");
        String from = newest("aurora-postgresql", "14.");
        createCluster(blue, "aurora-postgresql", from, POSTGRES_CLASS, List.of());
        String to = newestTarget("aurora-postgresql", from, "16.");
        String endpoint = lookup.cluster(blue).orElseThrow().endpoint();
        // APPROVAL, answered by the suite: AUTO on PostgreSQL is refused (no seconds-based lag metric to check).
        Map<String, Object> in = map("clusterIdentifier", blue, "targetEngineVersion", to, "switchoverPolicy", "APPROVAL",
                "allowWriterReboot", true);
        dryRunChangesNothing("blue-green", blue, in, failures);
        JsonNode out = succeeded("blue-green", blue, in, failures);
        if (out == null) {
            return;
        }
        DBCluster upgraded = lookup.cluster(blue).orElseThrow();
        expect(failures, to.equals(upgraded.engineVersion()), blue + " runs " + to + " (runs " + upgraded.engineVersion() + ")");
        expect(failures, endpoint.equals(upgraded.endpoint()), "the endpoint is kept (" + endpoint + ")");
        Optional<DBCluster> oldBlue = lookup.cluster(blue + "-old1");
        expect(failures, oldBlue.isPresent(), "the old blue " + blue + "-old1 is kept");
        oldBlue.ifPresent(c -> expect(failures, Boolean.TRUE.equals(c.deletionProtection()), "the old blue is protected from deletion"));
    }

    private void inPlace(List<String> failures) {
        String cluster = id("ip-my");
        String from = newest("aurora-mysql", "5.7.mysql_aurora.2.12");
        createCluster(cluster, "aurora-mysql", from, MYSQL_CLASS, List.of());
        String to = newestTarget("aurora-mysql", from, "8.0.");
        String endpoint = lookup.cluster(cluster).orElseThrow().endpoint();
        Map<String, Object> in = map("clusterIdentifier", cluster, "targetEngineVersion", to, "minCapacity", 0.5,
                "maxCapacity", 2, "switchoverPolicy", "AUTO", "allowWriterReboot", true, "keepProvisionedInstances", false);
        dryRunChangesNothing("in-place", cluster, in, failures);
        JsonNode out = succeeded("in-place", cluster, in, failures);
        if (out == null) {
            return;
        }
        DBCluster after = lookup.cluster(cluster).orElseThrow();
        expect(failures, to.equals(after.engineVersion()), cluster + " runs " + to + " (runs " + after.engineVersion() + ")");
        expect(failures, endpoint.equals(after.endpoint()), "the endpoint is kept (" + endpoint + ")");
        expect(failures, lookup.clusterInstances(cluster).stream().allMatch(i -> "db.serverless".equals(i.dbInstanceClass())),
                "every instance of " + cluster + " is db.serverless");
        // What only AWS can show: RDS accepts a green moved to db.serverless (instances added, a failover within green,
        // its provisioned instances deleted) and the switchover is the run's one interruption.
        // Blue's writer reboot for its replication group (allowWriterReboot) comes before; the move itself is one.
        long moves = java.util.stream.StreamSupport.stream(out.path("interruptions").spliterator(), false)
                .filter(i -> List.of("switchover", "failover").contains(i.path("step").asText())).count();
        expect(failures, moves == 1 && out.path("failoverSeconds").isNull(),
                "one interruption of the move, the switchover: " + out.path("interruptions") + ", failoverSeconds "
                        + out.path("failoverSeconds"));
    }

    private void fleet(List<String> failures) {
        List<String> ids = List.of(id("fl-1"), id("fl-2"));
        String from = newest("aurora-mysql", "8.0.mysql_aurora.3.04");
        Tag wave = Tag.builder().key(FLEET_TAG).value(runId).build();
        ids.forEach(id -> createCluster(id, "aurora-mysql", from, MYSQL_CLASS, List.of(wave)));
        String to = newestTarget("aurora-mysql", from, "8.0.");
        Map<String, Object> defaults = map("targetEngineVersion", to, "switchoverPolicy", "AUTO", "allowWriterReboot", true);
        Map<String, Object> in = map("workflow", "blue-green", "selector", Map.of("tags", Map.of(FLEET_TAG, runId)),
                "defaults", defaults, "maxConcurrency", 2, "canaryCount", 1, "maxFailures", 0);
        Map<String, Object> dry = new LinkedHashMap<>(in);
        dry.put("dryRun", true);
        JsonNode plan = succeeded("fleet", "fleet-dry", dry, failures);
        if (plan != null) {
            expect(failures, plan.path("rows").size() == 2, "the fleet plan has a row for each of the two clusters: " + plan.path("rows"));
            plan.path("rows").forEach(r -> expect(failures, "PLANNED".equals(r.path("status").asText()),
                    r.path("clusterIdentifier").asText() + " is PLANNED (" + r.path("status").asText() + ")"));
            ids.forEach(id -> expect(failures, from.equals(lookup.cluster(id).map(DBCluster::engineVersion).orElse(null)),
                    "the fleet dry run left " + id + " at " + from));
        }
        JsonNode out = succeeded("fleet", "fleet", in, failures);
        if (out == null) {
            return;
        }
        expect(failures, out.path("totals").path("succeeded").asInt() == 2, "both children succeeded: " + out.path("totals"));
        ids.forEach(id -> expect(failures, to.equals(lookup.cluster(id).map(DBCluster::engineVersion).orElse(null)),
                id + " runs " + to));
    }

    /**
     * What only AWS can show: RDS clones with copy-on-write, upgrades the clone, writes the checks' log and deletes
     * the clone with its writer; the source is untouched, and the Blue/Green plan of the same upgrade shows the verdict.
     */
    private void rehearse(List<String> failures) {
        String source = id("rh-my");
        String from = newest("aurora-mysql", "5.7.mysql_aurora.2.12");
        createCluster(source, "aurora-mysql", from, MYSQL_CLASS, List.of());
        String to = newestTarget("aurora-mysql", from, "8.0.");
        DBCluster before = lookup.cluster(source).orElseThrow();
        Map<String, Object> in = map("clusterIdentifier", source, "targetEngineVersion", to);
        dryRunChangesNothing("rehearse", source, in, failures);
        JsonNode out = succeeded("rehearse", source, in, failures);
        if (out == null) {
            return;
        }
        expect(failures, "PASSED".equals(out.path("status").asText()), "the rehearsal of an empty database passes: "
                + out.path("summary").asText() + " " + out.path("failedChecks"));
        expect(failures, out.path("cloneDeleted").asBoolean(false) && lookup.cluster(source + "-rehearsal").isEmpty(),
                "the clone " + source + "-rehearsal is deleted");
        expect(failures, out.path("durations").path("upgradeSeconds").isNumber(), "the upgrade was timed: " + out.path("durations"));
        DBCluster after = lookup.cluster(source).orElseThrow();
        expect(failures, from.equals(after.engineVersion()) && java.util.Objects.equals(before.dbClusterParameterGroup(),
                after.dbClusterParameterGroup()) && before.dbClusterMembers().size() == after.dbClusterMembers().size(),
                "the source " + source + " is untouched");
        Map<String, Object> plan = map("clusterIdentifier", source, "targetEngineVersion", to, "allowWriterReboot", true,
                "dryRun", true);
        JsonNode report = succeeded("blue-green", source + "-plan", plan, failures);
        if (report != null) {
            expect(failures, report.path("notices").toString().contains("last rehearsal of '" + source + "'"),
                    "the Blue/Green plan shows the rehearsal: " + report.path("notices"));
        }
    }

    private void abort(List<String> failures) {
        String blue = id("bg-abort");
        String from = newest("aurora-mysql", "8.0.mysql_aurora.3.04");
        createCluster(blue, "aurora-mysql", from, MYSQL_CLASS, List.of());
        String to = newestTarget("aurora-mysql", from, "8.0.");
        Map<String, Object> in = map("clusterIdentifier", blue, "targetEngineVersion", to, "switchoverPolicy", "APPROVAL",
                "allowWriterReboot", true);
        LocalStepFunctions.Running running = stack.start("blue-green", execution(blue), stack.input(write(in)));
        Instant deadline = Instant.now().plus(runTimeout);
        Optional<String> token = Optional.empty();
        while (token.isEmpty() && running.isRunning() && Instant.now().isBefore(deadline)) {
            sleep();
            token = running.pendingTaskToken();
        }
        if (token.isEmpty()) {
            failures.add("the run never asked for approval");
            return;
        }
        running.sendTaskFailure(token.get(), "SwitchoverRejected", "acceptance suite: rejected on purpose");
        LocalStepFunctions.Execution ex = running.await(runTimeout);
        expect(failures, "FAILED".equals(ex.status()) && "SwitchoverRejected".equals(ex.error()),
                "the rejected run ends FAILED with SwitchoverRejected (" + ex.status() + " " + ex.error() + ")");
        DBCluster after = lookup.cluster(blue).orElseThrow();
        expect(failures, lookup.blueGreenBySource(after.dbClusterArn()).isEmpty(), "no Blue/Green deployment is left");
        List<String> others = rds.describeDBClustersPaginator(r -> { }).dbClusters().stream()
                .map(DBCluster::dbClusterIdentifier).filter(c -> c.startsWith(blue) && !c.equals(blue)).toList();
        expect(failures, others.isEmpty(), "no green cluster is left (" + others + ")");
        expect(failures, from.equals(after.engineVersion()), blue + " is still at " + from);
    }

    /** A dry run: PLANNED, and the cluster's version and members as they were. */
    private void dryRunChangesNothing(String workflow, String cluster, Map<String, Object> input, List<String> failures) {
        DBCluster before = lookup.cluster(cluster).orElseThrow();
        Map<String, Object> dry = new LinkedHashMap<>(input);
        dry.put("dryRun", true);
        JsonNode plan = succeeded(workflow, cluster + "-dry", dry, failures);
        if (plan == null) {
            return;
        }
        expect(failures, "PLANNED".equals(plan.path("status").asText()), "the " + workflow + " dry run of " + cluster
                + " is PLANNED: " + plan.path("status").asText() + " " + plan.path("blockers"));
        DBCluster after = lookup.cluster(cluster).orElseThrow();
        expect(failures, before.engineVersion().equals(after.engineVersion())
                && before.dbClusterMembers().size() == after.dbClusterMembers().size()
                && java.util.Objects.equals(before.dbClusterParameterGroup(), after.dbClusterParameterGroup()),
                "the " + workflow + " dry run changed nothing on " + cluster);
    }

    /** Runs to the end, approving each switchover the run (or its nested child) asks for. */
    private JsonNode succeeded(String workflow, String name, Map<String, Object> input, List<String> failures) {
        LocalStepFunctions.Running running = stack.start(workflow, execution(name), stack.input(write(input)));
        Instant deadline = Instant.now().plus(runTimeout);
        while (running.isRunning() && Instant.now().isBefore(deadline)) {
            running.pendingTaskToken().ifPresent(t -> running.sendTaskSuccess(t, "{\"approvedBy\":\"acceptance suite\"}"));
            sleep();
        }
        LocalStepFunctions.Execution ex = running.await(Duration.ofSeconds(1));
        if (!ex.succeeded()) {
            failures.add(workflow + " " + name + " ended " + ex.status() + ": " + ex.error() + ": " + ex.cause());
            return null;
        }
        try {
            return JSON.readTree(ex.output());
        } catch (java.io.IOException e) {
            failures.add(workflow + " " + name + " output is not JSON");
            return null;
        }
    }

    /** Execution names: the run's prefix, so the sweeper finds and stops them; unique per start. */
    private String execution(String name) {
        String base = name.startsWith(RunTags.prefix(runId)) ? name : RunTags.prefix(runId) + name;
        String unique = base + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        return unique.length() > 80 ? unique.substring(0, 80) : unique;
    }

    /** A source cluster with one writer, tagged with the run, deletion protection on (as teams have it), available. */
    void createCluster(String id, String engine, String version, String instanceClass, List<Tag> extraTags) {
        List<Tag> tags = new ArrayList<>(extraTags);
        tags.add(RunTags.tag(runId));
        tags.add(Tag.builder().key("team").value("acceptance").build());
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).engineVersion(version)
                .masterUsername("acceptance")
                // Never printed, never stored: the suite does not connect to the database.
                .masterUserPassword(UUID.randomUUID().toString().replace("-", ""))
                .deletionProtection(true).backupRetentionPeriod(1).tags(tags));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass(instanceClass).tags(tags));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(45));
        while (!available(id)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(id + " did not become available within 45 minutes");
            }
            sleep();
        }
    }

    private boolean available(String id) {
        return lookup.cluster(id).map(c -> "available".equals(c.status())).orElse(false)
                && lookup.clusterInstances(id).stream().allMatch(i -> "available".equals(i.dbInstanceStatus()));
    }

    /** The newest version RDS offers for new clusters whose string starts with the prefix (RDS lists them in order). */
    String newest(String engine, String prefix) {
        List<DBEngineVersion> versions = rds.describeDBEngineVersionsPaginator(r -> r.engine(engine)).dbEngineVersions()
                .stream().toList();
        return versions.stream().map(DBEngineVersion::engineVersion).filter(v -> v.startsWith(prefix))
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("RDS offers no " + engine + " " + prefix + "*"));
    }

    /** The newest valid upgrade target of a version whose string starts with the prefix. */
    String newestTarget(String engine, String version, String prefix) {
        List<UpgradeTarget> targets = rds.describeDBEngineVersions(r -> r.engine(engine).engineVersion(version))
                .dbEngineVersions().stream().flatMap(v -> v.validUpgradeTarget().stream()).toList();
        return targets.stream().map(UpgradeTarget::engineVersion).filter(v -> v.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("RDS lists no upgrade target " + prefix + "* for " + version));
    }

    private static void expect(List<String> failures, boolean holds, String what) {
        if (!holds) {
            failures.add("expected: " + what);
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
