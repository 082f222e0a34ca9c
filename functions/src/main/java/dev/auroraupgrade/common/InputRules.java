package dev.auroraupgrade.common;

import dev.auroraupgrade.errors.InvalidInputException;
import java.util.regex.Pattern;

/** Input rules both workflows share. */
public final class InputRules {
    private static final Pattern PARAMETER_GROUP = Pattern.compile("[a-zA-Z][a-zA-Z0-9.-]{0,254}");

    private InputRules() {
    }

    /** The value, or its default when absent; out of [min, max] is an error naming the field. */
    public static int bounded(String field, Integer value, int dflt, int min, int max) {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            throw new InvalidInputException(field, "= " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public static double bounded(String field, Double value, double dflt, double min, double max) {
        if (value == null) {
            return dflt;
        }
        if (value.isNaN() || value < min || value > max) {
            throw new InvalidInputException(field, "= " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public static void parameterGroupName(String field, String name) {
        if (name != null && !PARAMETER_GROUP.matcher(name).matches()) {
            throw new InvalidInputException(field, "= '" + name + "' is not a valid parameter group name");
        }
    }
}
