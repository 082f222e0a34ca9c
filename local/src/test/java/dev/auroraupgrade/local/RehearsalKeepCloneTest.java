package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * keepCloneHours: the upgraded clone is kept for the DBA's own tests, then deleted in the same execution. The
 * hours are waited by the state machine's Wait state, here on an emulator of its own whose Wait states advance a
 * virtual clock instead of sleeping (as the replay benchmark runs).
 */
class RehearsalKeepCloneTest {
    private static LocalEnvironment env;
    private static VirtualClock clock;

    @BeforeAll
    static void emulatorWithAVirtualClock() throws Exception {
        Path work = TestEmulator.root().resolve("local/target/keep-clone");
        Files.createDirectories(work);
        Path file = work.resolve("virtual-clock");
        Files.deleteIfExists(file);
        String before = System.getProperty(VirtualClock.PROPERTY);
        System.setProperty(VirtualClock.PROPERTY, file.toString());
        try {
            env = LocalEnvironment.start(TestEmulator.root(), null, 0, 1, work);
        } finally {
            if (before == null) {
                System.clearProperty(VirtualClock.PROPERTY);
            } else {
                System.setProperty(VirtualClock.PROPERTY, before);
            }
        }
        clock = new VirtualClock(file);
        env.quotas(100_000, 100_000);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static String input(String id, String target) {
        return "{\"clusterIdentifier\":\"" + id + "\",\"targetEngineVersion\":\"" + target + "\",\"keepCloneHours\":2,"
                + "\"pollIntervalSeconds\":1,\"maxPollSeconds\":1,\"maxPollAttempts\":10}";
    }

    @Test
    void aPassingCloneIsKeptTheHoursAskedWithItsEndpointThenDeletedAndAFailedOneIsNot() throws Exception {
        RdsLookup lookup = new RdsLookup(env.cleanRds());
        DemoClusters.createProvisioned(env.cleanRds(), "keep-pg", "aurora-postgresql", "14.9");
        double start = clock.now();
        var ex = env.execute("RehearseUpgradeStateMachine", "keep-pg-run", input("keep-pg", "16.6"), Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", ex.status(), ex.error() + ": " + ex.cause());
        assertEquals(1, ex.entered("KeepClone"));
        assertEquals(1, ex.entered("NotifyCloneKept"));
        assertTrue(clock.now() - start >= 7200, "the state machine waited two hours: " + (clock.now() - start));
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertTrue(out.get("cloneEndpoint").asText().startsWith(RdsNames.rehearsalClone("keep-pg") + "."), out.toString());
        assertTrue(out.get("cloneDeleted").asBoolean());
        assertTrue(lookup.cluster(RdsNames.rehearsalClone("keep-pg")).isEmpty(), "deleted after the hours");

        DemoClusters.createProvisioned(env.cleanRds(), "keep-fail", "aurora-postgresql", "14.9");
        env.failUpgradePrechecks("keep-fail");
        var failed = env.execute("RehearseUpgradeStateMachine", "keep-fail-run", input("keep-fail", "16.6"), Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", failed.status(), failed.error() + ": " + failed.cause());
        assertEquals("FAILED", TestEmulator.JSON.readTree(failed.output()).get("status").asText());
        assertEquals(0, failed.entered("KeepClone"), "a clone that did not upgrade is not worth keeping");
        assertFalse(lookup.cluster(RdsNames.rehearsalClone("keep-fail")).isPresent());
    }
}
