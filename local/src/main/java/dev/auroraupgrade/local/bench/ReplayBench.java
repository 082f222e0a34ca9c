package dev.auroraupgrade.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auroraupgrade.local.DemoClusters;
import dev.auroraupgrade.local.LocalEnvironment;
import dev.auroraupgrade.local.LocalStepFunctions;
import dev.auroraupgrade.local.PendingStatusInterceptor;
import dev.auroraupgrade.local.VirtualClock;
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

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("local/target/bench");
        Files.createDirectories(work);
        Path clockFile = work.resolve("virtual-clock");
        System.setProperty(VirtualClock.PROPERTY, clockFile.toString());
        VirtualClock clock = new VirtualClock(clockFile);
        List<Integer> policies = List.of(10, 30, 60);
        ObjectMapper json = new ObjectMapper();
        AtomicInteger ids = new AtomicInteger();
        try (LocalEnvironment env = LocalEnvironment.start(root, null, 0, 0, work)) {
            System.out.println("fixed polling (pollIntervalSeconds); times in virtual seconds; lag = from the resource "
                    + "being ready to the check that saw it");
            System.out.printf("%-11s %-8s %6s %12s %8s %6s %9s %9s %10s %10s %7s%n", "workflow", "scenario", "poll",
                    "transitions", "lambdas", "rds", "mean lag", "max lag", "workflow", "aws ops", "ratio");
            for (String scenario : List.of("default", "fast", "slow")) {
                for (int poll : policies) {
                    for (String workflow : List.of("migrate", "blue-green")) {
                        String id = "bench-" + workflow.charAt(0) + "-" + scenario + "-" + poll + "-" + ids.incrementAndGet();
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
                        input.put("pollIntervalSeconds", poll);
                        input.put("maxPollAttempts", 300); // the most PollSettings allows
                        PendingStatusInterceptor statuses = env.statuses();
                        statuses.reset();
                        clock.reset();
                        statuses.replay(clock, SCENARIOS.get(scenario));
                        int mark = env.rdsCalls().mark();
                        LocalStepFunctions.Execution ex = env.execute(machine, id, json.writeValueAsString(input),
                                Duration.ofMinutes(10));
                        var detections = statuses.detections();
                        double lagSum = detections.stream().mapToDouble(PendingStatusInterceptor.Detection::lagSeconds).sum();
                        double lagMax = detections.stream().mapToDouble(PendingStatusInterceptor.Detection::lagSeconds).max().orElse(0);
                        double ops = detections.stream().mapToDouble(d -> SCENARIOS.get(scenario).get(d.operation())).sum();
                        double total = clock.now();
                        System.out.printf("%-11s %-8s %5ds %12d %8d %6d %8.1fs %8.1fs %9.0fs %9.0fs %7.3f%s%n", workflow,
                                scenario, poll, count(ex, "stateEntered"), count(ex, "lambda"),
                                env.rdsCalls().since(mark).size(), detections.isEmpty() ? 0 : lagSum / detections.size(),
                                lagMax, total, ops, ops == 0 ? 0 : total / ops,
                                ex.succeeded() ? "" : "  (" + ex.status() + " " + ex.error() + ")");
                        statuses.replay(null, Map.of());
                    }
                }
            }
            System.out.println();
            System.out.println("history events of the slowest run are far below Step Functions' 25,000 (see the "
                    + "transitions column: each transition is about three events).");
        }
    }

    private static long count(LocalStepFunctions.Execution ex, String what) {
        return ex.events().stream().filter(e -> what.equals("lambda") ? isLambda(e) : e.stateEnteredEventDetails() != null)
                .count();
    }

    private static boolean isLambda(HistoryEvent e) {
        return e.taskScheduledEventDetails() != null && "lambda".equals(e.taskScheduledEventDetails().resourceType());
    }
}
