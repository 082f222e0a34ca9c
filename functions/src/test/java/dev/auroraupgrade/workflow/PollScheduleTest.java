package dev.auroraupgrade.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.workflow.PollSchedule.Operation;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
    private static final PollSettings DEFAULTS = PollSettings.MIGRATION_DEFAULTS;

    /** A loop as the state machine runs it against an operation that ends after {@code endsAfter} seconds. */
    private record Run(int checks, int waited, int lag) {
    }

    private static Run run(Operation op, int endsAfter, PollSettings s, String key, IntFunction<Double> progressAt) {
        int waited = PollSchedule.firstWaitSeconds(op, s); // the entry Wait
        for (int attempt = 1; attempt <= 1000; attempt++) {
            if (waited >= endsAfter) {
                return new Run(attempt, waited, waited - endsAfter);
            }
            int next = PollSchedule.nextWaitSeconds(op, waited, progressAt.apply(waited), s, key, attempt);
            assertTrue(next >= Math.min(s.minSeconds(), s.maxWaitSeconds() - waited) && next <= s.maxSeconds(),
                    "wait " + next + " outside the bounds " + s);
            assertTrue(waited + next <= Math.max(s.maxWaitSeconds(), waited + 1), "past the loop's time bound");
            waited += next;
        }
        throw new AssertionError("never saw it");
    }

    private static Run run(Operation op, int endsAfter) {
        return run(op, endsAfter, DEFAULTS, "cluster-a", w -> null);
    }

    @Test
    void anOperationOnTimeIsSeenWithinTheFloorAndWithFewChecks() {
        for (Operation op : new Operation[]{Operation.RESTORE, Operation.UPGRADE, Operation.MODIFY_INSTANCE,
                Operation.CREATE_BLUE_GREEN}) {
            Run r = run(op, op.typicalSeconds());
            assertTrue(r.lag() <= DEFAULTS.minSeconds(), op + ": " + r);
            int fixed30 = (int) Math.ceil(op.typicalSeconds() / 30.0);
            assertTrue(r.checks() * 3 <= fixed30, op + ": " + r.checks() + " checks against " + fixed30 + " at a fixed 30 s");
        }
    }

    @Test
    void aLateOperationIsSeenWithinAQuarterOfItsDelay() {
        for (int late : new int[]{5, 60, 600, 1200}) {
            Run r = run(Operation.CREATE_BLUE_GREEN, Operation.CREATE_BLUE_GREEN.typicalSeconds() + late);
            assertTrue(r.lag() <= Math.max(DEFAULTS.minSeconds(), PollSchedule.OVERDUE_FRACTION * (late + r.lag())),
                    late + " s late: " + r);
        }
    }

    @Test
    void anEarlyOperationIsSeenWithinTheCeiling() {
        Run r = run(Operation.MODIFY_INSTANCE, 700);
        assertTrue(r.lag() <= DEFAULTS.maxSeconds(), r.toString());
    }

    @Test
    void evenProgressMovesTheExpectedEnd() {
        // A snapshot of a large cluster: 10 % per minute, so done after 600 s, not the typical 180.
        Run r = run(Operation.SNAPSHOT, 600, DEFAULTS, "snap", w -> Math.min(1.0, w / 600.0));
        assertTrue(r.lag() <= DEFAULTS.minSeconds(), r.toString());
        Run typical = run(Operation.SNAPSHOT, 600, DEFAULTS, "snap", w -> null);
        assertTrue(r.checks() < typical.checks(), "progress saves checks: " + r + " against " + typical);
    }

    @Test
    void everyPartReportedDoneMeansLookAgainSoon() {
        assertEquals(DEFAULTS.minSeconds(), PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 100, 1.0, DEFAULTS, "x", 2));
        // Uneven progress (Blue/Green tasks) does not move the expected end.
        assertEquals(PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 100, null, DEFAULTS, "x", 2),
                PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 100, 0.5, DEFAULTS, "x", 2));
    }

    @Test
    void equalBoundsPollAtAFixedInterval() {
        PollSettings fixed = new PollSettings(30, 30, 300, 86_400);
        for (int waited : new int[]{30, 600, 5000}) {
            assertEquals(30, PollSchedule.nextWaitSeconds(Operation.UPGRADE, waited, null, fixed, "k", 3));
        }
    }

    @Test
    void jitterSetsResourcesApartButRepeatsForOne() {
        java.util.Set<Integer> waits = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            int w = PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 10, null, DEFAULTS, "cluster-" + i, 1);
            assertEquals(w, PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 10, null, DEFAULTS, "cluster-" + i, 1));
            assertTrue(w >= 270 && w <= 300, w + ": at most 10 % earlier than maxPollSeconds");
            waits.add(w);
        }
        assertTrue(waits.size() >= 10, "20 clusters in the same state wait " + waits);
    }

    @Test
    void theLastWaitEndsAtTheTimeBound() {
        PollSettings s = new PollSettings(10, 300, 120, 1000);
        assertEquals(40, PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 960, null, s, "k", 5));
    }

    @Test
    void pollIntervalSecondsAloneIsAFixedInterval() {
        // Documented as "poll every N seconds": alone it must not stretch to the default maxPollSeconds (300 s).
        assertEquals(new PollSettings(30, 30, 120, 7200), PollSettings.from(30, null, null, null, null, DEFAULTS));
        assertEquals(new PollSettings(30, 30, 120, 7200), PollSettings.from(30, null, null, 120, null, DEFAULTS));
        for (int check = 1; check <= 5; check++) {
            int w = PollSchedule.nextWaitSeconds(Operation.RESTORE, 30 * check, null,
                    PollSettings.from(30, null, null, null, null, DEFAULTS), "k", check);
            assertTrue(w <= 30, "check " + check + " waits " + w + " s, more than pollIntervalSeconds = 30");
        }
    }

    @Test
    void olderInputsKeepWorking() {
        PollSettings legacy = PollSettings.from(30, null, 300, 120, null, DEFAULTS);
        assertEquals(new PollSettings(30, 300, 120, 7200), legacy, "with maxPollSeconds, pollIntervalSeconds is the floor");
        assertEquals(new PollSettings(600, 600, 120, 7200), PollSettings.from(600, null, null, null, null, DEFAULTS));
        assertEquals(18_000, PollSettings.from(60, null, null, 300, null, DEFAULTS).maxWaitSeconds(),
                "60 s x 300 checks meant five hours: still allowed");
        var e = assertThrows(InvalidInputException.class, () -> PollSettings.from(30, 30, null, null, null, DEFAULTS));
        assertTrue(e.getMessage().contains("older name of minPollSeconds"), e.getMessage());
    }

    @Test
    void anUnknownOperationChecksSoonThenBacksOff() {
        assertEquals(DEFAULTS.minSeconds(), PollSchedule.nextWaitSeconds(Operation.of("no-such"), 10, null, DEFAULTS, "k", 1));
        assertTrue(PollSchedule.nextWaitSeconds(null, 2000, null, DEFAULTS, "k", 9) >= 270);
    }

    @Test
    void aLongLateOperationIsStillCheckedEveryMaxPollSecondsUnderTheDefaults() {
        // An hour-long back-off would be a quarter of the delay; under either workflow's defaults the check still
        // comes every maxPollSeconds (300 s), at most 10 % earlier for jitter, never later.
        for (PollSettings s : new PollSettings[]{PollSettings.MIGRATION_DEFAULTS, PollSettings.BLUE_GREEN_DEFAULTS}) {
            for (int late : new int[]{1500, 3600, 5000}) {
                for (String key : new String[]{"orders", "payments", "cluster-7"}) {
                    int wait = PollSchedule.nextWaitSeconds(Operation.UPGRADE, Operation.UPGRADE.typicalSeconds() + late,
                            null, s, key, 4);
                    assertEquals(s.maxSeconds(), wait, late + " s late, " + key + ", " + s);
                }
            }
        }
    }

    @Test
    void theFirstWaitLandsWhereTheOperationUsuallyEnds() {
        assertEquals(45, PollSchedule.firstWaitSeconds(Operation.SWITCHOVER, 10, 300), "under a minute: its typical end");
        assertEquals(300, PollSchedule.firstWaitSeconds(Operation.UPGRADE, 10, 300), "a long one after maxPollSeconds");
        assertEquals(1, PollSchedule.firstWaitSeconds(Operation.READINESS, 10, 300), "usually ready already: a second");
        assertEquals(10, PollSchedule.firstWaitSeconds(null, 10, 300), "no expectation: the floor");
        assertEquals(60, PollSchedule.firstWaitSeconds(Operation.SWITCHOVER, 60, 300), "never under the floor");
        assertEquals(10, PollSchedule.firstWaitSeconds(null, DEFAULTS), "the plan's floor for a loop with no expectation");
    }

    @Test
    void thePlansFirstWaitIsTheOneTheStateMachineUses() {
        assertEquals(300, PollSchedule.firstWaitSeconds(Operation.UPGRADE, DEFAULTS));
        assertEquals(30, PollSchedule.firstWaitSeconds(Operation.MODIFY_CLUSTER, DEFAULTS));
        assertEquals(Integer.valueOf(300), DEFAULTS.firstWaitSeconds().get("upgrade"));
        assertEquals(Integer.valueOf(1), DEFAULTS.firstWaitSeconds().get("readiness"));
        // A plan read back from the state machine carries its own figures: they win over a fresh computation.
        PollSettings planned = new PollSettings(10, 300, 120, 7200, java.util.Map.of("upgrade", 42));
        assertEquals(42, PollSchedule.firstWaitSeconds(Operation.UPGRADE, planned));
        assertEquals(30, PollSchedule.firstWaitSeconds(Operation.MODIFY_CLUSTER, planned), "an id the plan lacks is computed");
        // A time bound shorter than maxPollSeconds bounds the first wait too.
        assertEquals(100, PollSchedule.firstWaitSeconds(Operation.UPGRADE, new PollSettings(10, 300, 120, 100)));
    }

    @Test
    void operationsAreFoundByTheIdThePlanUses() {
        for (Operation op : Operation.values()) {
            assertEquals(op, Operation.of(op.id()), op.id());
        }
        assertEquals("createBlueGreen", Operation.CREATE_BLUE_GREEN.id());
        assertEquals(null, Operation.of(null));
    }

    @Test
    void aSnapshotReportingNoProgressYetKeepsItsTypicalEnd() {
        PollSettings s = new PollSettings(10, 300, 120, 7200);
        withJitter("0", () -> {
            assertEquals(80, PollSchedule.nextWaitSeconds(Operation.SNAPSHOT, 100, 0.0, s, "snap", 1),
                    "0 %: 180 s typical, 100 s waited");
            assertEquals(100, PollSchedule.nextWaitSeconds(Operation.SNAPSHOT, 100, 0.5, s, "snap", 1),
                    "half done after 100 s: done at 200 s");
        });
    }

    @Test
    void pollJitterZeroPollsInStepAndBadValuesFallBackToTenPercent() {
        withJitter("0", () -> {
            assertEquals(0.0, PollSchedule.jitter());
            for (int i = 0; i < 5; i++) {
                assertEquals(300, PollSchedule.nextWaitSeconds(Operation.CREATE_BLUE_GREEN, 10, null, DEFAULTS, "c-" + i, 1));
            }
        });
        withJitter("0.3", () -> assertEquals(0.3, PollSchedule.jitter()));
        withJitter("2", () -> assertEquals(0.5, PollSchedule.jitter(), "at most half a wait"));
        withJitter("-1", () -> assertEquals(0.0, PollSchedule.jitter()));
        withJitter("NaN", () -> assertEquals(PollSchedule.JITTER, PollSchedule.jitter()));
        withJitter("a lot", () -> assertEquals(PollSchedule.JITTER, PollSchedule.jitter()));
    }

    /** POLL_JITTER as the local harness sets it (a system property), for the length of {@code body}. */
    private static void withJitter(String value, Runnable body) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("POLL_JITTER") == null, "POLL_JITTER is set in the environment");
        String before = System.getProperty("POLL_JITTER");
        System.setProperty("POLL_JITTER", value);
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty("POLL_JITTER");
            } else {
                System.setProperty("POLL_JITTER", before);
            }
        }
    }

    @Test
    void theErrorNamesTheFieldTheInputUsed() {
        var modern = assertThrows(InvalidInputException.class, () -> PollSettings.from(null, 0, null, null, null, DEFAULTS));
        assertTrue(modern.getMessage().contains("'minPollSeconds'"), modern.getMessage());
        var older = assertThrows(InvalidInputException.class, () -> PollSettings.from(0, null, null, null, null, DEFAULTS));
        assertTrue(older.getMessage().contains("'pollIntervalSeconds'"), older.getMessage());
        var below = assertThrows(InvalidInputException.class, () -> PollSettings.from(null, 60, 30, null, null, DEFAULTS));
        assertTrue(below.getMessage().contains("maxPollSeconds") && below.getMessage().contains("is below minPollSeconds = 60"),
                below.getMessage());
    }

    @Test
    void aTimeBoundOfOneFloorRunsOneCheckAndAShorterOneIsRefused() {
        PollSettings one = PollSettings.from(null, 60, null, null, 60, DEFAULTS);
        assertEquals(60, one.maxWaitSeconds());
        assertEquals(60, one.minSeconds());
        var e = assertThrows(InvalidInputException.class, () -> PollSettings.from(null, 60, null, null, 59, DEFAULTS));
        assertTrue(e.getMessage().contains("'maxWaitSeconds'") && e.getMessage().contains("no check would run"), e.getMessage());
    }
}
