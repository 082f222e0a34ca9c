package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.InvalidCapacityException;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.List;

/** Decides and validates the Serverless v2 capacity range (ACU) for a target version. */
public record ServerlessV2Capacity(double min, double max, Integer secondsUntilAutoPause) {
    public static final double DEFAULT_MIN = 0.5;
    public static final double ABSOLUTE_MAX = 256;

    /**
     * @param v1Max        the source's v1 maximum (or the equivalent of its provisioned class); the default max
     * @param versionMax   the target version's largest allowed maximum (128 or 256)
     * @param autoPause    whether the target version allows a minimum of 0
     */
    public static ServerlessV2Capacity decide(Double minIn, Double maxIn, Integer pauseIn, double v1Max,
                                              double versionMax, boolean autoPause, String targetVersion,
                                              List<String> notices) {
        return decide(minIn, maxIn, pauseIn, v1Max, DEFAULT_MIN, versionMax, autoPause, targetVersion, notices);
    }

    /**
     * As above, the bounds the input omits taken from the source's history where CloudWatch has it (the run uses
     * the recommendation; a notice says over which window and why), else from the source's configuration.
     */
    public static ServerlessV2Capacity decide(Double minIn, Double maxIn, Integer pauseIn, double sourceMax,
                                              CapacityHistory history, double versionMax, boolean autoPause,
                                              String targetVersion, List<String> notices) {
        return decide(minIn, maxIn, pauseIn, sourceMax, null, history, versionMax, autoPause, targetVersion, notices);
    }

    /**
     * As above, for a live cluster whose range this run changes: {@code liveMax}, its current maximum, is never
     * lowered by a recommendation; only a maxCapacity in the input lowers it.
     */
    public static ServerlessV2Capacity decide(Double minIn, Double maxIn, Integer pauseIn, double sourceMax, Double liveMax,
                                              CapacityHistory history, double versionMax, boolean autoPause,
                                              String targetVersion, List<String> notices) {
        if (minIn != null && maxIn != null) {
            return decide(minIn, maxIn, pauseIn, sourceMax, versionMax, autoPause, targetVersion, notices);
        }
        boolean use = history != null && history.known();
        double max = use && maxIn == null ? history.max() : sourceMax;
        if (use && maxIn == null && liveMax != null && max < liveMax) {
            notices.add("maxCapacity " + fmt(liveMax) + " ACU kept: the cluster runs with that maximum now and history "
                    + "recommends " + fmt(max) + "; a recommendation never lowers a live cluster's maximum (set "
                    + "maxCapacity to lower it)");
            max = liveMax;
        }
        double min = use && minIn == null ? Math.min(history.min(), maxIn != null ? maxIn : Math.min(max, versionMax))
                : DEFAULT_MIN;
        ServerlessV2Capacity c = decide(minIn, maxIn, pauseIn, max, min, versionMax, autoPause, targetVersion, notices);
        notices.add("capacity " + fmt(c.min()) + "-" + fmt(c.max()) + " ACU: " + (use ? "recommended from "
                + history.basis() : (history == null ? "from the source's configuration" : history.basis()
                + "; from the source's configuration instead")));
        return c;
    }

    private static ServerlessV2Capacity decide(Double minIn, Double maxIn, Integer pauseIn, double v1Max, double defaultMin,
                                               double versionMax, boolean autoPause, String targetVersion,
                                               List<String> notices) {
        double min = minIn == null ? defaultMin : minIn;
        checkStep("minCapacity", min);
        if (min == 0 && !autoPause) {
            throw new InvalidCapacityException("minCapacity", "0 (automatic pause) is not supported by " + targetVersion
                    + "; use 0.5 or more, or a version that supports auto-pause (" + ServerlessV2Rules.AUTO_PAUSE.describe() + ")");
        }
        if (min < 0 || (min > 0 && min < DEFAULT_MIN)) {
            throw new InvalidCapacityException("minCapacity", "= " + min + " is below the minimum of 0.5 ACU");
        }
        double max;
        if (maxIn != null) {
            max = maxIn;
            checkStep("maxCapacity", max);
            if (max > ABSOLUTE_MAX) {
                throw new InvalidCapacityException("maxCapacity", "= " + max + " is above 256 ACU, the Serverless v2 limit");
            }
            if (max > versionMax) {
                throw new InvalidCapacityException("maxCapacity", "= " + max + " is above the " + fmt(versionMax)
                        + " ACU that " + targetVersion + " allows");
            }
            if (max < 1) {
                throw new InvalidCapacityException("maxCapacity", "= " + max + " is below 1 ACU, the smallest allowed maximum");
            }
        } else {
            max = Math.max(1, Math.min(v1Max, versionMax));
            if (v1Max > versionMax) {
                notices.add("maxCapacity capped at " + fmt(versionMax) + " ACU (the source allowed " + fmt(v1Max)
                        + ", more than " + targetVersion + " supports)");
            }
        }
        if (min > max) {
            throw new InvalidCapacityException(maxIn == null ? "minCapacity" : "maxCapacity", "minCapacity " + fmt(min)
                    + " is greater than maxCapacity " + fmt(max) + (maxIn == null ? " (the default from the source)" : ""));
        }
        if (pauseIn != null) {
            if (min != 0) {
                throw new InvalidInputException("secondsUntilAutoPause", "only applies when minCapacity is 0");
            }
            if (pauseIn < 300 || pauseIn > 86400) {
                throw new InvalidInputException("secondsUntilAutoPause", "= " + pauseIn + " is outside 300..86400 seconds");
            }
        }
        return new ServerlessV2Capacity(min, max, pauseIn);
    }

    private static void checkStep(String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value * 2 != Math.rint(value * 2)) {
            throw new InvalidCapacityException(field, "= " + value + " is not a multiple of 0.5 ACU");
        }
    }

    public static String fmt(double acu) {
        return acu == Math.rint(acu) ? String.valueOf((long) acu) : String.valueOf(acu);
    }
}
