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

    /** A record whose JSON is exactly {@code chars} long, by the length of its one check's description. */
    private static RehearsalRecord sized(int chars, List<String> objects) throws Exception {
        RehearsalRecord base = record(RehearsalRecord.FAILED, "16.6", Instant.parse("2026-12-01T00:00:00Z"),
                List.of(new PrecheckFinding("c", "error", "", objects)));
        int pad = chars - Json.MAPPER.writeValueAsString(base).length();
        return record(RehearsalRecord.FAILED, "16.6", Instant.parse("2026-12-01T00:00:00Z"),
                List.of(new PrecheckFinding("c", "error", "x".repeat(pad), objects)));
    }

    @Test
    void aRecordOfExactlyTheLimitIsKeptWholeAndOneCharacterMoreIsCut() throws Exception {
        var exact = sized(Rehearsals.MAX_VALUE_CHARS, List.of("a", "b", "c", "d"));
        assertEquals(Rehearsals.MAX_VALUE_CHARS, Json.MAPPER.writeValueAsString(exact).length());
        assertSame(exact, Rehearsals.fit(exact));
        var over = sized(Rehearsals.MAX_VALUE_CHARS + 1, List.of("a", "b", "c", "d"));
        var fitted = Rehearsals.fit(over);
        assertTrue(fitted.truncated());
        assertEquals(List.of("a", "b", "c"), fitted.failedChecks().get(0).objects(), "objects beyond three go first");
        assertEquals(300 + "...".length(), fitted.failedChecks().get(0).description().length(), "then long descriptions");
    }

    @Test
    void threeObjectsAndThreeHundredCharactersAreKeptWhenARecordIsCut() throws Exception {
        List<PrecheckFinding> checks = new ArrayList<>();
        checks.add(new PrecheckFinding("kept", "error", "y".repeat(300), List.of("a", "b", "c")));
        checks.addAll(IntStream.range(0, 30).mapToObj(i -> new PrecheckFinding("more" + i, "error", "z".repeat(200),
                List.of())).toList());
        var fitted = Rehearsals.fit(record(RehearsalRecord.FAILED, "16.6", Instant.now(), checks));
        assertTrue(fitted.truncated());
        assertEquals("y".repeat(300), fitted.failedChecks().get(0).description());
        assertEquals(List.of("a", "b", "c"), fitted.failedChecks().get(0).objects());
        assertTrue(fitted.failedChecks().size() < checks.size(), "checks beyond what fits are dropped");
        assertTrue(Json.MAPPER.writeValueAsString(fitted).length() <= Rehearsals.MAX_VALUE_CHARS);
        // Dropping checks stops as soon as it fits: one more check would not.
        var oneMore = new ArrayList<>(fitted.failedChecks());
        oneMore.add(checks.get(oneMore.size()));
        assertTrue(Json.MAPPER.writeValueAsString(new RehearsalRecord(fitted.clusterIdentifier(), fitted.verdict(),
                fitted.engine(), fitted.sourceEngineVersion(), fitted.targetEngineVersion(), fitted.rehearsedAt(), oneMore,
                List.of(), fitted.durations(), fitted.volumeBytesUsed(), fitted.executionName(), true)).length()
                > Rehearsals.MAX_VALUE_CHARS);
    }

    @Test
    void aRehearsalThatMeasuredNothingSchedulesNothingAndThePlanListsItsFailedChecks() {
        var instant = new RehearsalRecord("prod", RehearsalRecord.PASSED, "aurora-postgresql", "14.9", "16.6",
                Instant.now().toString(), List.of(), List.of(), new RehearsalRecord.Durations(0L, 0L, 0L, "checks"),
                null, "r", false);
        List<String> notices = new ArrayList<>();
        assertSame(POLL, Rehearsals.judge(instant, "16.6", false, POLL, notices));
        assertEquals(1, notices.size(), notices.toString());
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        var failed = record(RehearsalRecord.FAILED, "16.6", now.minus(30, ChronoUnit.DAYS), List.of(
                new PrecheckFinding("a", "error", "", List.of()), new PrecheckFinding("b", "error", "", List.of())));
        String line = Rehearsals.describe(failed, now);
        assertTrue(line.endsWith("FAILED; on a clone of this data the clone, its writer and the upgrade took 5 min, 10 min "
                + "and 25 min; failed checks: a, b"), line + " (exactly 30 days old is not yet stale)");
    }
}
