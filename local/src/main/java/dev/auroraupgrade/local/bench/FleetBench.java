package dev.auroraupgrade.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.fleet.PlanFleet;
import dev.auroraupgrade.local.DemoClusters;
import dev.auroraupgrade.local.LocalEnvironment;
import dev.auroraupgrade.local.LocalStepFunctions;
import dev.auroraupgrade.local.RdsCallLog;
import dev.auroraupgrade.local.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * scripts/bench --fleet: clusters migrated through the real fleet definition (two fleet runs of 100 at once, the
 * most one run takes), every child a real migration, on a shared virtual clock: each Wait blocks until the clock
 * reaches its end, and the clock moves on once every execution waits (moto_server_patched.py, events mode). The
 * local layer keeps each changed resource in progress for the default scenario's durations. Prints, per polling
 * policy and concurrency: RDS calls per virtual second (mean over the run, the busiest second, the busiest minute)
 * against RDS's own throttling (per account and Region: bursts of 300, 12 per second sustained), and how long the
 * fleet took. Figures only; asserts nothing.
 */
public final class FleetBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most one fleet run takes; more clusters run as more fleet runs at once. */
    private static final int PER_FLEET = PlanFleet.MAX_CLUSTERS;

    /**
     * A polling policy (the replay benchmark's); jitter as POLL_JITTER; the fleet's startSpacingSeconds; at most this
     * many children per fleet run.
     */
    record Config(String label, ReplayBench.Policy polling, double jitter, int spacing, int maxConcurrency) {
    }

    private static final ReplayBench.Policy ADAPTIVE = new ReplayBench.Policy("adaptive", null);
    static final List<Config> CONFIGS = List.of(
            new Config("default polling", ADAPTIVE, 0.10, 5, 40),
            new Config("no jitter, no spacing", ADAPTIVE, 0, 0, 40),
            new Config("default polling", ADAPTIVE, 0.10, 5, 10),
            new Config("fixed 30 s", new ReplayBench.Policy("fixed 30 s", 30), 0.10, 5, 40));

    /**
     * An organization-wide configuration: per orchestrator (one per Region), at most {@code maxConcurrency} children
     * at once and {@code perTarget} per account and Region.
     */
    record OrgConfig(String label, int maxConcurrency, int perTarget) {
    }

    /** The same overall cap per orchestrator, without (per target = overall) and with a per-target cap. */
    static final List<OrgConfig> ORG_CONFIGS = List.of(
            new OrgConfig("no per-target cap", 10, 10),
            new OrgConfig("per-target cap 2", 10, 2));
    static final int ORG_ACCOUNTS = 5;
    static final int ORG_REGIONS = 2;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("org")) {
            organization(args.length > 1 ? Integer.parseInt(args[1]) : 20);
            return;
        }
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        // "3": the first three configurations; "2-3": the second and third.
        String range = args.length > 1 ? args[1] : String.valueOf(CONFIGS.size());
        int from = range.contains("-") ? Integer.parseInt(range.substring(0, range.indexOf('-'))) : 1;
        int to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
        if (from < 1 || from > to || to > CONFIGS.size()) {
            throw new IllegalArgumentException("configurations: give N or A-B within 1-" + CONFIGS.size() + ", not " + range);
        }
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("local/target/bench-fleet");
        Files.createDirectories(work);
        Path clockFile = work.resolve("virtual-clock");
        System.setProperty(VirtualClock.PROPERTY, clockFile.toString());
        System.setProperty(VirtualClock.MODE_PROPERTY, "events");
        VirtualClock clock = new VirtualClock(clockFile);
        try (LocalEnvironment env = LocalEnvironment.start(root, null, 0, 0, work)) {
            env.rdsCalls().stampWith(clock);
            // An account that holds this many clusters has raised its RDS quotas (Service Quotas); at the default 40 the
            // fleet's quota check refuses it by name before any child starts, which is not what this measures.
            env.quotas(100_000, 100_000);
            System.out.println(clusters + " Serverless v1 clusters migrated by " + (clusters + PER_FLEET - 1) / PER_FLEET
                    + " fleet runs at once; default scenario; rates in RDS calls per virtual second");
            System.out.printf("%-22s %8s %9s %7s %7s %9s %12s %10s %7s%n", "polling", "at once", "succeeded", "calls",
                    "mean/s", "peak 1 s", "peak 60 s/s", "fleet", "stalls");
            for (int n = from; n <= to; n++) {
                Config config = CONFIGS.get(n - 1);
                System.setProperty("POLL_JITTER", String.valueOf(config.jitter()));
                String prefix = "fb" + n;
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < clusters; i++) {
                    String id = prefix + "-" + i;
                    DemoClusters.createV1(env.cleanRds(), id, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
                    ids.add(id);
                }
                if (n == from) {
                    // A dry run of one fleet run's clusters first: its rows carry each plan's standing (cost, year).
                    var dry = env.start("FleetStateMachine", prefix + "-dry", JSON.writeValueAsString(
                            input(ids.subList(0, Math.min(ids.size(), PER_FLEET)), config).put("dryRun", true)));
                    var ex = dry.await(Duration.ofMinutes(90));
                    System.out.println("dry run of " + Math.min(ids.size(), PER_FLEET) + " clusters: " + ex.status()
                            + ", largest state " + largestStateBytes(dry) + " bytes");
                }
                env.statuses().reset();
                env.statuses().replay(clock, ReplayBench.SCENARIOS.get("default"));
                int stallsBefore = clock.stalls();
                double start = clock.now();
                int mark = env.rdsCalls().mark();
                List<LocalStepFunctions.Running> fleets = new ArrayList<>();
                int atOnce = 0;
                for (int f = 0; f * PER_FLEET < ids.size(); f++) {
                    List<String> members = ids.subList(f * PER_FLEET, Math.min(ids.size(), (f + 1) * PER_FLEET));
                    atOnce += Math.min(config.maxConcurrency(), members.size());
                    fleets.add(env.start("FleetStateMachine", prefix + "-fleet-" + f,
                            JSON.writeValueAsString(input(members, config))));
                }
                int succeeded = 0;
                List<Integer> largest = new ArrayList<>();
                for (LocalStepFunctions.Running fleet : fleets) {
                    var ex = fleet.await(Duration.ofMinutes(90));
                    largest.add(largestStateBytes(fleet));
                    if (ex.succeeded()) {
                        succeeded += JSON.readTree(ex.output()).at("/totals/succeeded").asInt();
                    } else {
                        System.out.println("  fleet " + fleet.arn() + " ended " + ex.status() + " " + ex.error() + ": " + ex.cause());
                    }
                }
                double seconds = clock.now() - start;
                List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
                env.statuses().replay(null, Map.of());
                Rates r = Rates.of(calls, start, seconds);
                System.out.printf("%-22s %8d %9s %7d %7.2f %9d %12.2f %9.0fs %7d%n", config.label(),
                        atOnce, succeeded + "/" + clusters, calls.size(), r.mean(), r.peakSecond(), r.peakMinute(), seconds,
                        clock.stalls() - stallsBefore);
                System.out.println("  busiest minute: " + busiest(calls, start, r.seconds(), r.peakMinuteEnd()));
                System.out.println("  largest state in each fleet run's history (bytes; Step Functions ends a run over "
                        + "256 KiB = 262144): " + largest);
            }
            System.out.println();
            System.out.println("at once = children running together across the fleet runs; peak 60 s/s = the busiest "
                    + "minute's calls per second; stalls = clock moves forced while an execution still counted as busy "
                    + "(a hand-over between executions slower than the 50 ms quiet period is not counted).");
        }
    }

    /** RDS calls per virtual second of a run: the mean, the busiest second, the busiest minute (per second). */
    record Rates(int calls, double mean, int peakSecond, double peakMinute, int peakMinuteEnd, int seconds) {
        static Rates of(List<RdsCallLog.Call> calls, double start, double runSeconds) {
            int[] perSecond = new int[(int) Math.ceil(runSeconds) + 2];
            for (RdsCallLog.Call c : calls) {
                perSecond[second(c, start, perSecond.length)]++;
            }
            int peak = 0;
            int window = 0;
            int peakWindow = 0;
            int peakWindowEnd = 0;
            for (int s = 0; s < perSecond.length; s++) {
                peak = Math.max(peak, perSecond[s]);
                window += perSecond[s] - (s >= 60 ? perSecond[s - 60] : 0);
                if (window > peakWindow) {
                    peakWindow = window;
                    peakWindowEnd = s;
                }
            }
            return new Rates(calls.size(), calls.size() / Math.max(1, runSeconds), peak, peakWindow / 60.0, peakWindowEnd,
                    perSecond.length);
        }
    }

    /**
     * scripts/bench --fleet org [clusters per account and Region]: {@value #ORG_ACCOUNTS} member accounts in each of
     * {@value #ORG_REGIONS} Regions, every cluster moved to Serverless v2 in place (the in-place workflow: a migration's
     * major version upgrade is refused in a member account by the local layer's IAM check, which names the resource
     * in the stack's own account) by an organization-wide fleet. A fleet state machine runs
     * only its own Region's member stacks (docs/fleets.md, "One Region per orchestrator"), so each Region has its own
     * orchestrator and fleet run, both at once. The emulator has one Region: each account-and-Region pair is an
     * emulator account of its own (RDS throttles each pair alone, so each is one bucket either way), the second
     * Region's orchestrator another account with its own five.
     */
    private static void organization(int perTarget) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("local/target/bench-fleet");
        Files.createDirectories(work);
        Path clockFile = work.resolve("virtual-clock");
        System.setProperty(VirtualClock.PROPERTY, clockFile.toString());
        System.setProperty(VirtualClock.MODE_PROPERTY, "events");
        System.setProperty("POLL_JITTER", "0.10");
        VirtualClock clock = new VirtualClock(clockFile);
        try (LocalEnvironment env = LocalEnvironment.start(root, null, 0, 0, work)) {
            env.rdsCalls().stampWith(clock);
            System.out.println(ORG_ACCOUNTS + " accounts x " + ORG_REGIONS + " Regions x " + perTarget + " provisioned clusters "
                    + "moved to Serverless v2 in place: one orchestrator (fleet run) per Region, both at once, each over its Region's " + ORG_ACCOUNTS
                    + " accounts (one Region per orchestrator: Step Functions has no cross-Region tasks); each account-and-Region "
                    + "is an emulator account of its own. Default scenario, adaptive polling, jitter, 5 s start spacing; rates "
                    + "in RDS calls per virtual second");
            for (int n = 0; n < ORG_CONFIGS.size() && n < Integer.getInteger("bench.configs", ORG_CONFIGS.size()); n++) {
                OrgConfig config = ORG_CONFIGS.get(n);
                String prefix = "fo" + n;
                Map<String, String> bucketOf = new java.util.LinkedHashMap<>();
                List<String> orchestrators = new ArrayList<>();
                List<ObjectNode> inputs = new ArrayList<>();
                for (int region = 1; region <= ORG_REGIONS; region++) {
                    String orchestrator = LocalStepFunctions.newAccount();
                    String fleetArn = LocalEnvironment.stateMachineArn("FleetStateMachine", orchestrator);
                    ObjectNode in = orgInput(prefix, config);
                    for (int a = 1; a <= ORG_ACCOUNTS; a++) {
                        String account = LocalStepFunctions.newAccount();
                        env.deployMemberStack(account, fleetArn);
                        var rds = env.rdsIn(account);
                        for (int i = 0; i < perTarget; i++) {
                            // Unique across accounts too: the local layer keeps a resource's status by its identifier.
                            String id = prefix + "-r" + region + "-" + a + "-" + i;
                            DemoClusters.createProvisioned(rds, id, "aurora-postgresql", "14.9");
                            String arn = rds.describeDBClusters(q -> q.dbClusterIdentifier(id)).dbClusters().get(0).dbClusterArn();
                            rds.addTagsToResource(q -> q.resourceName(arn).tags(t -> t.key("bench-wave").value(prefix)));
                        }
                        bucketOf.put(account, "account " + a + ", Region " + region);
                        ((ArrayNode) in.get("targets")).addObject().put("account", account);
                    }
                    orchestrators.add(orchestrator);
                    inputs.add(in);
                }
                env.statuses().reset();
                env.statuses().replay(clock, ReplayBench.SCENARIOS.get("default"));
                int stallsBefore = clock.stalls();
                double start = clock.now();
                int mark = env.rdsCalls().mark();
                List<LocalStepFunctions.Running> fleets = new ArrayList<>();
                for (int region = 0; region < ORG_REGIONS; region++) {
                    fleets.add(env.start("FleetStateMachine", prefix + "-region-" + (region + 1),
                            JSON.writeValueAsString(inputs.get(region)), orchestrators.get(region)));
                }
                int succeeded = 0;
                for (LocalStepFunctions.Running fleet : fleets) {
                    var ex = fleet.await(Duration.ofMinutes(90));
                    if (ex.succeeded()) {
                        var out = JSON.readTree(ex.output());
                        succeeded += out.at("/totals/succeeded").asInt();
                        java.util.Set<String> errors = new java.util.TreeSet<>();
                        out.get("rows").forEach(row -> {
                            if (!"SUCCEEDED".equals(row.path("outcome").asText())) {
                                errors.add(row.path("error").asText() + ": " + row.path("cause").asText(row.path("reason").asText()));
                            }
                        });
                        errors.stream().limit(3).forEach(e -> System.out.println("  not succeeded: " + e));
                    } else {
                        System.out.println("  fleet " + fleet.arn() + " ended " + ex.status() + " " + ex.error() + ": " + ex.cause());
                    }
                }
                double seconds = clock.now() - start;
                List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
                env.statuses().replay(null, Map.of());
                Rates all = Rates.of(calls, start, seconds);
                System.out.println();
                System.out.printf("%s: maxConcurrency %d, maxConcurrencyPerTarget %d per orchestrator (%d accounts at once, "
                                + "%d children at once in all); %s succeeded; fleet time %.0f s; stalls %d%n", config.label(),
                        config.maxConcurrency(), config.perTarget(), Math.min(ORG_ACCOUNTS, config.maxConcurrency() / config.perTarget()),
                        ORG_REGIONS * Math.min(ORG_ACCOUNTS, config.maxConcurrency() / config.perTarget())
                                * Math.min(perTarget, config.perTarget()),
                        succeeded + "/" + ORG_ACCOUNTS * ORG_REGIONS * perTarget, seconds, clock.stalls() - stallsBefore);
                System.out.printf("  %-32s %7s %7s %9s %12s%n", "", "calls", "mean/s", "peak 1 s", "peak 60 s/s");
                System.out.printf("  %-32s %7d %7.2f %9d %12.2f%n", "overall (both Regions)", all.calls(), all.mean(),
                        all.peakSecond(), all.peakMinute());
                List<Rates> buckets = new ArrayList<>();
                for (var e : bucketOf.entrySet()) {
                    Rates r = Rates.of(calls.stream().filter(c -> e.getKey().equals(c.account())).toList(), start, seconds);
                    buckets.add(r);
                    System.out.printf("  %-32s %7d %7.2f %9d %12.2f%n", e.getValue(), r.calls(), r.mean(), r.peakSecond(),
                            r.peakMinute());
                }
                Rates planning = Rates.of(calls.stream().filter(c -> c.account() == null).toList(), start, seconds);
                System.out.printf("  %-32s %7d %7.2f %9d %12.2f%n", "planning (through member roles)", planning.calls(),
                        planning.mean(), planning.peakSecond(), planning.peakMinute());
                System.out.printf("  per account and Region: mean %.2f/s (highest %.2f), busiest second %d at most, busiest "
                                + "minute %.2f/s at most%n", buckets.stream().mapToDouble(Rates::mean).average().orElse(0),
                        buckets.stream().mapToDouble(Rates::mean).max().orElse(0),
                        buckets.stream().mapToInt(Rates::peakSecond).max().orElse(0),
                        buckets.stream().mapToDouble(Rates::peakMinute).max().orElse(0));
            }
            System.out.println();
            System.out.println("planning = the fleets' own reads of each account's clusters and quotas through its member role, "
                    + "counted here without their account; RDS allows each account and Region bursts of 300 calls, 12 per "
                    + "second sustained.");
        }
    }

    private static ObjectNode orgInput(String prefix, OrgConfig config) {
        ObjectNode in = JSON.createObjectNode();
        in.put("workflow", "in-place");
        in.putObject("selector").putObject("tags").put("bench-wave", prefix);
        in.putArray("targets");
        ObjectNode defaults = in.putObject("defaults");
        ADAPTIVE.fields().forEach(defaults::put);
        in.put("maxConcurrency", config.maxConcurrency());
        in.put("maxConcurrencyPerTarget", config.perTarget());
        in.put("startSpacingSeconds", 5);
        in.put("canaryCount", 0);
        in.put("maxFailures", PER_FLEET);
        in.put("maxClusters", PER_FLEET);
        return in;
    }

    /** The second of the run a call falls in (the last one holds anything later). */
    private static int second(RdsCallLog.Call c, double start, int seconds) {
        return (int) Math.max(0, Math.min(seconds - 1, c.virtualSeconds() - start));
    }

    /** Which functions made the calls of the minute that ends at the given second (most first). */
    private static String busiest(List<RdsCallLog.Call> calls, double start, int seconds, int endSecond) {
        Map<String, Long> byFunction = calls.stream()
                .filter(c -> second(c, start, seconds) > endSecond - 60 && second(c, start, seconds) <= endSecond)
                .collect(Collectors.groupingBy(RdsCallLog.Call::function, Collectors.counting()));
        return "from " + Math.max(0, endSecond - 59) + " s, " + byFunction.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The largest input or output any state of the run had (Step Functions' quota: 256 KiB per state). */
    static int largestStateBytes(LocalStepFunctions.Running run) {
        int most = 0;
        for (var e : run.history()) {
            for (String text : new String[] {
                    e.stateEnteredEventDetails() == null ? null : e.stateEnteredEventDetails().input(),
                    e.stateExitedEventDetails() == null ? null : e.stateExitedEventDetails().output()}) {
                if (text != null) {
                    most = Math.max(most, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                }
            }
        }
        return most;
    }

    private static ObjectNode input(List<String> ids, Config config) {
        ObjectNode in = JSON.createObjectNode();
        in.put("workflow", "migrate");
        ArrayNode list = in.putArray("clusters");
        ids.forEach(id -> list.addObject().put("sourceClusterIdentifier", id));
        ObjectNode defaults = in.putObject("defaults");
        config.polling().fields().forEach(defaults::put);
        in.put("maxConcurrency", config.maxConcurrency());
        in.put("startSpacingSeconds", config.spacing());
        in.put("canaryCount", 0);
        in.put("maxFailures", ids.size());
        in.put("maxClusters", ids.size());
        return in;
    }
}
