package dev.auroraupgrade.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.RehearsalFailedException;
import dev.auroraupgrade.workflow.PollSchedule.Operation;
import dev.auroraupgrade.workflow.PollSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a real run's plan makes of the last rehearsal, and what Parameter Store can hold of one. */
class RehearsalsTest {
    private static final PollSettings POLL = PollSettings.BLUE_GREEN_DEFAULTS;

    private static RehearsalRecord record(String verdict, String target, Instant at, List<PrecheckFinding> failed) {
        return new RehearsalRecord("prod", verdict, "aurora-mysql", "5.7.mysql_aurora.2.12.3", target, at.toString(), failed,
                List.of(), new RehearsalRecord.Durations(300L, 600L, 1500L, "checks"), 1L << 40, "rehearse-1", false);
    }

    @Test
    void aFailedRehearsalOfThisTargetRefusesTheRealRunNamingItsChecks() {
        var failed = record(RehearsalRecord.FAILED, "8.0.mysql_aurora.3.08.2", Instant.now(),
                List.of(new PrecheckFinding("groupByAscSyntaxCheck", "error", "move it", List.of("shop.v1"))));
        var e = assertThrows(RehearsalFailedException.class, () -> Rehearsals.judge(failed, "8.0.mysql_aurora.3.08.2",
                false, POLL, new ArrayList<>()));
        assertTrue(e.getMessage().contains("groupByAscSyntaxCheck (shop.v1)") && e.getMessage().contains("ignoreFailedRehearsal")
                && e.getMessage().contains("Nothing was changed"), e.getMessage());
        List<String> notices = new ArrayList<>();
        assertSame(POLL, Rehearsals.judge(failed, "8.0.mysql_aurora.3.08.2", true, POLL, notices));
        assertTrue(notices.get(1).startsWith("ignoreFailedRehearsal"), notices.toString());
        notices.clear();
        assertSame(POLL, Rehearsals.judge(failed, "8.0.mysql_aurora.3.10.0", false, POLL, notices), "another target");
        assertEquals(1, notices.size(), "it is still shown");
    }

    @Test
    void aPassedRehearsalOfThisTargetSetsWhenGreenIsExpected() {
        var passed = record(RehearsalRecord.PASSED, "16.6", Instant.now(), List.of());
        List<String> notices = new ArrayList<>();
        PollSettings p = Rehearsals.judge(passed, "16.6", false, POLL, notices);
        assertEquals(2400, p.expectedSeconds(Operation.CREATE_BLUE_GREEN), "clone + writer + upgrade");
        assertEquals(300, p.firstWaitSeconds().get("createBlueGreen"), "the first check at the end, within maxPollSeconds");
        assertEquals(Operation.UPGRADE.typicalSeconds(), p.expectedSeconds(Operation.UPGRADE), "other loops keep theirs");
        assertTrue(notices.get(1).contains("about 40 min"), notices.toString());
        assertSame(POLL, Rehearsals.judge(passed, "16.4", false, POLL, new ArrayList<>()), "another target");
        assertSame(POLL, Rehearsals.judge(null, "16.6", false, POLL, new ArrayList<>()));
        var untimed = new RehearsalRecord("prod", RehearsalRecord.PASSED, "aurora-postgresql", "14.9", "16.6",
                Instant.now().toString(), List.of(), List.of(), new RehearsalRecord.Durations(null, 600L, 1500L, "checks"),
                null, "r", false);
        assertSame(POLL, Rehearsals.judge(untimed, "16.6", false, POLL, new ArrayList<>()), "a part untimed: no figure");
    }

    @Test
    void thePlanSaysHowOldARehearsalIsAndWhenItMayNoLongerHold() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        String fresh = Rehearsals.describe(record(RehearsalRecord.PASSED, "16.6", now.minus(2, ChronoUnit.DAYS), List.of()), now);
        assertTrue(fresh.contains("2 day(s) ago): PASSED") && fresh.contains("5 min, 10 min and 25 min"), fresh);
        assertFalse(fresh.contains("rehearse again"), fresh);
        String old = Rehearsals.describe(record(RehearsalRecord.PASSED, "16.6", now.minus(31, ChronoUnit.DAYS), List.of()), now);
        assertTrue(old.contains("over 30 days old"), old);
        assertEquals("90 s", Rehearsals.minutes(90L));
        assertEquals("2 min", Rehearsals.minutes(120L));
    }

    @Test
    void aRecordIsCutToParameterStoresLimitFindingsFirstAndSaysSo() throws Exception {
        List<PrecheckFinding> many = IntStream.range(0, 40).mapToObj(i -> new PrecheckFinding("check" + i, "error",
                "x".repeat(400), IntStream.range(0, 20).mapToObj(j -> "db.table_" + j).toList())).toList();
        var big = record(RehearsalRecord.FAILED, "16.6", Instant.now(), many);
        var fitted = Rehearsals.fit(big);
        assertTrue(Json.MAPPER.writeValueAsString(fitted).length() <= Rehearsals.MAX_VALUE_CHARS);
        assertTrue(fitted.truncated());
        assertEquals("check0", fitted.failedChecks().get(0).check(), "the first checks are kept");
        assertTrue(fitted.failedChecks().get(0).objects().size() <= 3);
        assertEquals(big.verdict(), fitted.verdict());
        var small = record(RehearsalRecord.PASSED, "16.6", Instant.now(), List.of());
        assertSame(small, Rehearsals.fit(small), "a record that fits is kept as it is");
    }
}
