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

    public static void main(String[] args) throws Exception {
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
                for (LocalStepFunctions.Running fleet : fleets) {
                    var ex = fleet.await(Duration.ofMinutes(90));
                    if (ex.succeeded()) {
                        succeeded += JSON.readTree(ex.output()).at("/totals/succeeded").asInt();
                    } else {
                        System.out.println("  fleet " + fleet.arn() + " ended " + ex.status() + " " + ex.error() + ": " + ex.cause());
                    }
                }
                double seconds = clock.now() - start;
                List<RdsCallLog.Call> calls = env.rdsCalls().since(mark);
                env.statuses().replay(null, Map.of());
                int[] perSecond = new int[(int) Math.ceil(seconds) + 2];
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
                System.out.printf("%-22s %8d %9s %7d %7.2f %9d %12.2f %9.0fs %7d%n", config.label(),
                        atOnce, succeeded + "/" + clusters, calls.size(),
                        calls.size() / Math.max(1, seconds), peak, peakWindow / 60.0, seconds, clock.stalls() - stallsBefore);
                System.out.println("  busiest minute: " + busiest(calls, start, perSecond.length, peakWindowEnd));
            }
            System.out.println();
            System.out.println("at once = children running together across the fleet runs; peak 60 s/s = the busiest "
                    + "minute's calls per second; stalls = clock moves forced while an execution still counted as busy "
                    + "(a hand-over between executions slower than the 50 ms quiet period is not counted).");
        }
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
