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

    /** The error names the field as the operator typed it. */
    private static void assertNamesField(String field, Exception e) {
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("Invalid input: '" + field + "'"), e.getMessage());
    }
}
