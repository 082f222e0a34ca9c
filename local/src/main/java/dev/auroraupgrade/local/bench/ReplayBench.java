package dev.auroraupgrade.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auroraupgrade.local.DemoClusters;
import dev.auroraupgrade.local.LocalEnvironment;
import dev.auroraupgrade.local.LocalStepFunctions;
import dev.auroraupgrade.local.PendingStatusInterceptor;
import dev.auroraupgrade.local.VirtualClock;
import dev.auroraupgrade.workflow.PollSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * scripts/bench --replay: the real definitions and handlers against operation durations from a scenario table,
 * on a virtual clock (Wait states add their seconds to it instead of sleeping; the local layer keeps a changed
 * resource in progress until its duration has passed on that clock). Prints, per workflow, scenario and polling
 * policy: state transitions, Lambda invocations, RDS API calls, detection lag per wait, and the workflow's time
 * against the sum of the AWS operations' times. Figures only; asserts nothing.
 */
public final class ReplayBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayBench() {
    }

    /**
     * Virtual seconds per operation. "default" follows the figures the project started from (snapshot 2-4 min,
     * restore 10-15, major upgrade 18-20, writer to db.serverless about 20, Blue/Green green 20-60, switchover under
     * a minute), at their middle; "fast" and "slow" at their ends.
     */
    static final Map<String, Map<String, Double>> SCENARIOS = Map.of(
            "default", durations(180, 750, 1140, 1200, 600, 30, 60, 2400, 45),
            "fast", durations(120, 600, 1080, 900, 420, 15, 45, 1200, 30),
            "slow", durations(240, 900, 1200, 1500, 900, 60, 120, 3600, 60));

    private static Map<String, Double> durations(double snapshot, double restore, double upgrade, double modifyInstance,
                                                 double createInstance, double modifyCluster, double reboot,
                                                 double createBlueGreen, double switchover) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("snapshot", snapshot);
        d.put("restore", restore);
        d.put("upgrade", upgrade);
        d.put("modifyInstance", modifyInstance);
        d.put("createInstance", createInstance);
        d.put("modifyCluster", modifyCluster);
        d.put("reboot", reboot);
        d.put("createBlueGreen", createBlueGreen);
        d.put("switchover", switchover);
        return d;
    }

    /** A polling policy: fixed (minPollSeconds = maxPollSeconds) or adaptive (the workflow's defaults). */
    record Policy(String label, Integer seconds) {
        /** The input fields that set it (none for adaptive). */
        Map<String, Integer> fields() {
            return seconds == null ? Map.of() : Map.of("minPollSeconds", seconds, "maxPollSeconds", seconds,
                    "maxPollAttempts", PollSettings.MAX_ATTEMPTS);
        }
    }

    static final List<Policy> POLICIES = List.of(new Policy("fixed 10 s", 10), new Policy("fixed 30 s", 30),
            new Policy("fixed 60 s", 60), new Policy("adaptive", null));
    /**
     * Each run is repeated with every operation this many seconds longer, so that no policy's interval lines up
     * with the scenario's round figures (on AWS nothing ends on a multiple of 30 s); figures are the mean.
     */
    static final List<Integer> PHASES = List.of(0, 11, 23);

    /** One replayed execution's figures. */
    record Figures(long transitions, long lambdas, long rdsCalls, long checkRdsCalls, long historyEvents, double lagSum, int detections,
                   double lagMax, double workflowSeconds, double awsSeconds, String failure) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("local/target/bench");
        Files.createDirectories(work);
        Path clockFile = work.resolve("virtual-clock");
        System.setProperty(VirtualClock.PROPERTY, clockFile.toString());
        VirtualClock clock = new VirtualClock(clockFile);
        List<String> scenarios = args.length > 0 ? List.of(args[0].split(",")) : List.of("default", "fast", "slow");
        AtomicInteger ids = new AtomicInteger();
        try (LocalEnvironment env = LocalEnvironment.start(root, null, 0, 0, work)) {
            System.out.println("times in virtual seconds; lag = from the resource being ready to the check that saw it; "
                    + "mean of " + PHASES.size() + " runs with every operation longer by " + PHASES + " s");
            System.out.printf("%-11s %-8s %-11s %12s %8s %6s %11s %8s %9s %9s %10s %10s %7s%n", "workflow", "scenario",
                    "polling", "transitions", "lambdas", "rds", "rds checks", "history", "mean lag", "max lag", "workflow", "aws ops", "ratio");
            for (String scenario : scenarios) {
                for (Policy policy : POLICIES.stream().filter(p -> args.length < 2 || p.label().contains(args[1])).toList()) {
                    for (String workflow : List.of("migrate", "blue-green")) {
                        List<Figures> runs = new java.util.ArrayList<>();
                        for (int phase : PHASES) {
                            Map<String, Double> durations = new LinkedHashMap<>();
                            SCENARIOS.get(scenario).forEach((op, d) -> durations.put(op, d + phase));
                            runs.add(replay(env, clock, workflow, policy, durations, ids.incrementAndGet()));
                        }
                        print(workflow, scenario, policy, runs);
                    }
                }
            }
            System.out.println();
            System.out.println("rds checks = the calls of the readiness checks (the rest, pre-flight and actions, is the "
                    + "same under any policy); history = the most events one execution wrote (the limit is 25,000).");
        }
    }

    private static Figures replay(LocalEnvironment env, VirtualClock clock, String workflow, Policy policy,
                                  Map<String, Double> durations, int n) throws Exception {
        String id = "bench-" + workflow.charAt(0) + "-" + n;
        String machine;
        Map<String, Object> input = new LinkedHashMap<>();
        if (workflow.equals("migrate")) {
            DemoClusters.createV1(env.cleanRds(), id, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
            machine = "MigrateServerlessV1ToV2StateMachine";
            input.put("sourceClusterIdentifier", id);
        } else {
            DemoClusters.createProvisioned(env.cleanRds(), id, "aurora-postgresql", "14.9");
            machine = "BlueGreenUpgradeStateMachine";
            input.put("clusterIdentifier", id);
            input.put("targetEngineVersion", "16.6");
            input.put("switchoverPolicy", "AUTO");
            input.put("allowWriterReboot", true);
            input.put("acceptUncheckedReplicaLag", true);
        }
        input.putAll(policy.fields());
        PendingStatusInterceptor statuses = env.statuses();
        statuses.reset();
        clock.reset();
        statuses.replay(clock, durations);
        int mark = env.rdsCalls().mark();
        LocalStepFunctions.Execution ex = env.execute(machine, id, JSON.writeValueAsString(input), Duration.ofMinutes(10));
        var detections = statuses.detections();
        statuses.replay(null, Map.of());
        var calls = env.rdsCalls().since(mark);
        if (Boolean.getBoolean("bench.calls")) { // which functions make the RDS calls, and which calls
            System.out.println("  " + workflow + " " + policy.label() + ": " + new java.util.TreeMap<>(calls.stream().collect(
                    java.util.stream.Collectors.groupingBy(c -> c.function() + "." + c.operation(),
                            java.util.stream.Collectors.counting()))));
        }
        return new Figures(count(ex, "stateEntered"), count(ex, "lambda"), calls.size(),
                calls.stream().filter(c -> c.function() != null && c.function().startsWith("Check")).count(),
                ex.events().size(), detections.stream().mapToDouble(PendingStatusInterceptor.Detection::lagSeconds).sum(),
                detections.size(), detections.stream().mapToDouble(PendingStatusInterceptor.Detection::lagSeconds).max().orElse(0),
                clock.now(), detections.stream().mapToDouble(d -> durations.get(d.operation())).sum(),
                ex.succeeded() ? null : ex.status() + " " + ex.error());
    }

    private static void print(String workflow, String scenario, Policy policy, List<Figures> runs) {
        double n = runs.size();
        double workflowTime = runs.stream().mapToDouble(Figures::workflowSeconds).sum() / n;
        double aws = runs.stream().mapToDouble(Figures::awsSeconds).sum() / n;
        int detections = runs.stream().mapToInt(Figures::detections).sum();
        String failures = String.join("; ", runs.stream().map(Figures::failure).filter(java.util.Objects::nonNull)
                .distinct().toList());
        System.out.printf("%-11s %-8s %-11s %12.0f %8.0f %6.0f %11.0f %8d %8.1fs %8.0fs %9.0fs %9.0fs %7.3f%s%n", workflow,
                scenario, policy.label(), runs.stream().mapToLong(Figures::transitions).sum() / n,
                runs.stream().mapToLong(Figures::lambdas).sum() / n, runs.stream().mapToLong(Figures::rdsCalls).sum() / n,
                runs.stream().mapToLong(Figures::checkRdsCalls).sum() / n,
                runs.stream().mapToLong(Figures::historyEvents).max().orElse(0),
                detections == 0 ? 0 : runs.stream().mapToDouble(Figures::lagSum).sum() / detections,
                runs.stream().mapToDouble(Figures::lagMax).max().orElse(0), workflowTime, aws,
                aws == 0 ? 0 : workflowTime / aws, failures.isEmpty() ? "" : "  (" + failures + ")");
    }

    private static long count(LocalStepFunctions.Execution ex, String what) {
        return ex.events().stream().filter(e -> what.equals("lambda") ? isLambda(e) : e.stateEnteredEventDetails() != null)
                .count();
    }

    private static boolean isLambda(HistoryEvent e) {
        return e.taskScheduledEventDetails() != null && "lambda".equals(e.taskScheduledEventDetails().resourceType());
    }
}
