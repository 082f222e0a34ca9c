package dev.auroraupgrade.acceptance;

import dev.auroraupgrade.local.LocalEnvironment;
import dev.auroraupgrade.local.LocalStepFunctions;
import dev.auroraupgrade.local.RunLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The local harness playing the deployed stack (moto_server, the real definitions and handlers, the local layer's
 * AWS rules): what CI runs the suite against, with only the deploy step replaced.
 */
public final class EmulatedStack implements StackUnderTest {
    private final LocalEnvironment env;
    private final List<LocalStepFunctions.Running> started = new CopyOnWriteArrayList<>();
    private final List<String> names = new CopyOnWriteArrayList<>();

    private final java.util.concurrent.ScheduledExecutorService aurora =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aurora-metrics");
                t.setDaemon(true);
                return t;
            });

    public EmulatedStack(Path root, int pendingPolls) throws IOException {
        this.env = LocalEnvironment.start(root, null, 0, pendingPolls, root.resolve("acceptance/target/emulator"));
        // What Aurora does and moto does not: publish green's binlog replica lag (per writer, Role=WRITER), which
        // the switchover readiness check reads. The end-to-end tests publish it themselves, case by case.
        aurora.scheduleWithFixedDelay(this::publishGreenLag, 1, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void publishGreenLag() {
        try {
            env.cleanRds().describeDBClustersPaginator(r -> { }).dbClusters().stream()
                    .filter(c -> c.dbClusterIdentifier().contains("-green-") && c.engine().equals("aurora-mysql"))
                    .forEach(c -> env.cloudWatch().putMetricData(r -> r.namespace("AWS/RDS").metricData(d -> d
                            .metricName("AuroraBinlogReplicaLag").value(0.0).timestamp(java.time.Instant.now())
                            .dimensions(x -> x.name("DBClusterIdentifier").value(c.dbClusterIdentifier()),
                                    x -> x.name("Role").value("WRITER")))));
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    public LocalEnvironment environment() {
        return env;
    }

    @Override
    public RdsClient rds() {
        // Through the local layer: it refuses what AWS refuses, as the real account would.
        return env.rds();
    }

    @Override
    public LocalStepFunctions.Running start(String workflow, String executionName, String input) {
        LocalStepFunctions.Running running = env.start(StackUnderTest.stateMachineOf(workflow), executionName, input);
        started.add(running);
        names.add(executionName);
        return running;
    }

    @Override
    public String input(String json) {
        try {
            return RunLocal.localInput(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stopExecutions(String namePrefix) {
        for (int i = 0; i < started.size(); i++) {
            LocalStepFunctions.Running r = started.get(i);
            if (names.get(i).startsWith(namePrefix) && r.isRunning()) {
                r.stop("acceptance sweeper");
            }
        }
    }

    @Override
    public void deleteStack() {
        // Nothing was deployed.
    }

    @Override
    public String describe() {
        return "the local emulator at " + env.emulator() + " (the deploy step replaced by the local harness)";
    }

    @Override
    public void close() {
        aurora.shutdownNow();
        env.close();
    }
}
