package dev.auroraupgrade.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

class InputRulesTest {
    @Test
    void bothEndsOfARangeAreAllowedAndOneStepPastIsNamed() {
        assertEquals(1, InputRules.bounded("maxPollAttempts", 1, 120, 1, 300));
        assertEquals(300, InputRules.bounded("maxPollAttempts", 300, 120, 1, 300));
        assertEquals(120, InputRules.bounded("maxPollAttempts", (Integer) null, 120, 1, 300), "absent: the default");
        var low = assertThrows(InvalidInputException.class, () -> InputRules.bounded("maxPollAttempts", 0, 120, 1, 300));
        assertTrue(low.getMessage().contains("'maxPollAttempts'") && low.getMessage().contains("= 0 is outside 1..300"),
                low.getMessage());
        assertThrows(InvalidInputException.class, () -> InputRules.bounded("maxPollAttempts", 301, 120, 1, 300));
    }

    @Test
    void decimalRangesAlsoRefuseNotANumber() {
        assertEquals(0.5, InputRules.bounded("f", 0.5, 1.0, 0.5, 2.0));
        assertEquals(2.0, InputRules.bounded("f", 2.0, 1.0, 0.5, 2.0));
        assertEquals(1.0, InputRules.bounded("f", (Double) null, 1.0, 0.5, 2.0));
        assertThrows(InvalidInputException.class, () -> InputRules.bounded("f", Double.NaN, 1.0, 0.5, 2.0));
        assertThrows(InvalidInputException.class, () -> InputRules.bounded("f", 2.5, 1.0, 0.5, 2.0));
        assertThrows(InvalidInputException.class, () -> InputRules.bounded("f", 0.25, 1.0, 0.5, 2.0));
    }

    @Test
    void parameterGroupNamesFollowRdsRules() {
        InputRules.parameterGroupName("f", "my-group.v2");
        InputRules.parameterGroupName("f", null);
        var e = assertThrows(InvalidInputException.class, () -> InputRules.parameterGroupName("targetParameterGroup", "1group"));
        assertTrue(e.getMessage().contains("'targetParameterGroup'"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> InputRules.parameterGroupName("f", "has_underscore"));
    }
}
