package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.errors.InvalidCapacityException;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerlessV2CapacityTest {
    private final List<String> notices = new ArrayList<>();

    private ServerlessV2Capacity decide(Double min, Double max, Integer pause, double v1Max) {
        return ServerlessV2Capacity.decide(min, max, pause, v1Max, 256, true, "X", notices);
    }

    @Test
    void defaultsAreHalfAnAcuAndTheV1Maximum() {
        var c = decide(null, null, null, 16);
        assertEquals(0.5, c.min());
        assertEquals(16, c.max());
        assertTrue(notices.isEmpty());
    }

    @Test
    void aV1MaximumAboveTheVersionLimitIsCappedWithANotice() {
        var c = ServerlessV2Capacity.decide(null, null, null, 384, 128, false, "X", notices);
        assertEquals(128, c.max());
        assertTrue(notices.get(0).contains("capped at 128"), notices.toString());
    }

    @Test
    void illegalRangesNameTheField() {
        assertNamesField("minCapacity", assertThrows(InvalidCapacityException.class, () -> decide(1.25, null, null, 8)));
        assertNamesField("maxCapacity", assertThrows(InvalidCapacityException.class, () -> decide(null, 257.0, null, 8)));
        assertNamesField("maxCapacity", assertThrows(InvalidCapacityException.class, () -> decide(null, 0.5, null, 8)));
        assertNamesField("maxCapacity", assertThrows(InvalidCapacityException.class, () -> decide(4.0, 2.0, null, 8)));
        assertNamesField("minCapacity", assertThrows(InvalidCapacityException.class, () -> decide(16.0, null, null, 8)));
        assertThrows(InvalidCapacityException.class,
                () -> ServerlessV2Capacity.decide(0.0, null, null, 8, 256, false, "X", notices));
        assertThrows(InvalidCapacityException.class, () -> decide(-0.5, null, null, 8));
    }

    @Test
    void autoPauseSecondsOnlyWithAMinimumOfZero() {
        assertEquals(600, decide(0.0, null, 600, 8).secondsUntilAutoPause());
        assertNamesField("secondsUntilAutoPause", assertThrows(InvalidInputException.class, () -> decide(0.5, null, 600, 8)));
        assertThrows(InvalidInputException.class, () -> decide(0.0, null, 100, 8));
    }

    @Test
    void aMaximumTheVersionAllowsIsKeptUpToTheLimit() {
        assertEquals(256, decide(null, 256.0, null, 8).max(), "256 ACU is the Serverless v2 limit, allowed");
        assertEquals(1, decide(null, 1.0, null, 8).max(), "1 ACU is the smallest maximum");
        assertEquals(2.5, decide(null, 2.5, null, 8).max());
        assertEquals(128, ServerlessV2Capacity.decide(null, 128.0, null, 8, 128, false, "X", notices).max());
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void aMaximumAboveWhatTheTargetAllowsSaysWhichLimit() {
        var overVersion = assertThrows(InvalidCapacityException.class,
                () -> ServerlessV2Capacity.decide(null, 192.0, null, 8, 128, false, "8.0.mysql_aurora.3.05.2", notices));
        assertTrue(overVersion.getMessage().contains("above the 128 ACU that 8.0.mysql_aurora.3.05.2 allows"),
                overVersion.getMessage());
        var overLimit = assertThrows(InvalidCapacityException.class, () -> decide(null, 257.0, null, 8));
        assertTrue(overLimit.getMessage().contains("above 256 ACU, the Serverless v2 limit"), overLimit.getMessage());
        var belowOne = assertThrows(InvalidCapacityException.class, () -> decide(null, 0.5, null, 8));
        assertTrue(belowOne.getMessage().contains("below 1 ACU"), belowOne.getMessage());
    }

    @Test
    void capacitiesComeInHalfAcuSteps() {
        var max = assertThrows(InvalidCapacityException.class, () -> decide(null, 2.25, null, 8));
        assertNamesField("maxCapacity", max);
        assertTrue(max.getMessage().contains("not a multiple of 0.5 ACU"), max.getMessage());
        assertNamesField("minCapacity", assertThrows(InvalidCapacityException.class, () -> decide(Double.NaN, null, null, 8)));
    }

    @Test
    void aMinimumEqualToTheMaximumIsAFixedSize() {
        var c = decide(8.0, null, null, 8);
        assertEquals(8, c.min());
        assertEquals(8, c.max());
        var e = assertThrows(InvalidCapacityException.class, () -> decide(8.5, null, null, 8));
        assertTrue(e.getMessage().contains("minCapacity 8.5 is greater than maxCapacity 8 (the default from the source)"),
                e.getMessage());
        var given = assertThrows(InvalidCapacityException.class, () -> decide(4.0, 2.0, null, 8));
        assertTrue(given.getMessage().endsWith("minCapacity 4 is greater than maxCapacity 2"), given.getMessage());
    }

    @Test
    void aSourceMaximumEqualToTheVersionLimitIsNotCapped() {
        var c = ServerlessV2Capacity.decide(null, null, null, 128, 128, false, "X", notices);
        assertEquals(128, c.max());
        assertTrue(notices.isEmpty(), "nothing was capped: " + notices);
    }

    @Test
    void autoPauseSecondsFromFiveMinutesToADay() {
        assertEquals(300, decide(0.0, null, 300, 8).secondsUntilAutoPause());
        assertEquals(86_400, decide(0.0, null, 86_400, 8).secondsUntilAutoPause());
        assertThrows(InvalidInputException.class, () -> decide(0.0, null, 299, 8));
        assertThrows(InvalidInputException.class, () -> decide(0.0, null, 86_401, 8));
    }

    @Test
    void capacitiesAreQuotedAsTheOperatorWritesThem() {
        assertEquals("8", ServerlessV2Capacity.fmt(8));
        assertEquals("0.5", ServerlessV2Capacity.fmt(0.5));
        assertEquals("2.5", ServerlessV2Capacity.fmt(2.5));
    }

    /** The error names the field as the operator typed it. */
    private static void assertNamesField(String field, Exception e) {
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("Invalid input: '" + field + "'"), e.getMessage());
    }
}
