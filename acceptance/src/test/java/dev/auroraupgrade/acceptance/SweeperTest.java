package dev.auroraupgrade.acceptance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.local.DemoClusters;
import dev.auroraupgrade.rds.RdsLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweeper after a run that died half-way: a Blue/Green execution stopped while it waits for approval (no Catch
 * runs: green, its deployment and the replication parameter groups stay, blue keeps its deletion protection).
 * The sweep leaves nothing of the run, and nothing else is touched.
 */
class SweeperTest {
    private static EmulatedStack stack;
    private static RdsLookup lookup;

    @BeforeAll
    static void emulator() throws Exception {
        stack = new EmulatedStack(Path.of(System.getProperty("project.root")).toAbsolutePath().normalize(), 1);
        lookup = new RdsLookup(stack.environment().cleanRds());
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void aRunStoppedHalfWayIsSweptToNothingAndOnlyItsOwnResourcesGo() throws Exception {
        String runId = RunTags.newRunId();
        String otherRun = RunTags.newRunId();
        Scenarios scenarios = new Scenarios(stack, runId, Duration.ofMinutes(3), Duration.ofMillis(500));
        Scenarios other = new Scenarios(stack, otherRun, Duration.ofMinutes(3), Duration.ofMillis(500));
        String blue = RunTags.prefix(runId) + "half";
        String from = scenarios.newest("aurora-mysql", "8.0.mysql_aurora.3.04");
        scenarios.createCluster(blue, "aurora-mysql", from, Scenarios.MYSQL_CLASS, List.of());
        other.createCluster(RunTags.prefix(otherRun) + "keep", "aurora-mysql", from, Scenarios.MYSQL_CLASS, List.of());
        String users = "users-own-" + runId; // a cluster of the user's, untagged
        DemoClusters.createProvisioned(stack.environment().cleanRds(), users, "aurora-mysql", from);

        String input = stack.input("{\"clusterIdentifier\":\"" + blue + "\",\"targetEngineVersion\":\""
                + scenarios.newestTarget("aurora-mysql", from, "8.0.") + "\",\"switchoverPolicy\":\"APPROVAL\","
                + "\"allowWriterReboot\":true}");
        var running = stack.start("blue-green", RunTags.prefix(runId) + "half-way", input);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Optional<String> token = Optional.empty();
        while (token.isEmpty() && running.isRunning() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            token = running.pendingTaskToken();
        }
        assertTrue(token.isPresent(), "the run reached the approval with green built");

        // The crash: the driver dies and the execution is stopped, so no failure handler cleans up.
        running.stop("the acceptance driver died");
        Sweeper sweeper = new Sweeper(stack.rds(), Duration.ofMillis(500), Duration.ofMinutes(3), System.out);
        Sweeper.Leftovers before = sweeper.leftovers(runId);
        assertFalse(before.blueGreen().isEmpty(), "a Blue/Green deployment is left: " + before.all());
        assertTrue(before.clusters().size() >= 2, "blue and green are left: " + before.all());
        assertFalse(before.clusterParameterGroups().isEmpty(), "the replication parameter group is left: " + before.all());

        assertTrue(AcceptanceSuite.sweep(stack, runId, true), "the sweep reports nothing left");
        Sweeper.Leftovers after = sweeper.leftovers(runId);
        assertTrue(after.none(), "left after the sweep: " + after.all());
        assertTrue(lookup.cluster(RunTags.prefix(otherRun) + "keep").isPresent(), "another run's cluster is not swept");
        assertTrue(lookup.cluster(users).isPresent(), "a cluster that is not the run's is not swept");
        assertTrue(lookup.cluster(users).get().deletionProtection(), "nor is its deletion protection touched");
    }
}
