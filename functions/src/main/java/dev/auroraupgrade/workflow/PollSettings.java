package dev.auroraupgrade.workflow;

import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a workflow's Wait/Check/Choice loops poll: each check picks the next wait within [minSeconds, maxSeconds]
 * ({@link PollSchedule}); a loop ends after maxAttempts checks or maxWaitSeconds of waiting, whichever comes first.
 * {@code firstWaitSeconds} is each loop's first wait, by operation id (the state machine cannot compute it). The
 * bounds and each workflow's defaults are decided here and nowhere else.
 */
public record PollSettings(int minSeconds, int maxSeconds, int maxAttempts, int maxWaitSeconds,
                           Map<String, Integer> firstWaitSeconds,
                           /** Measured durations (a rehearsal's) that replace an operation's typical one; null: none. */
                           Map<String, Integer> expectedSeconds) {
    public PollSettings {
        if (firstWaitSeconds == null) {
            Map<String, Integer> first = new TreeMap<>();
            for (PollSchedule.Operation op : PollSchedule.Operation.values()) {
                first.put(op.id(), PollSchedule.firstWaitSeconds(op, minSeconds, Math.min(maxSeconds, maxWaitSeconds)));
            }
            firstWaitSeconds = Collections.unmodifiableMap(first);
        }
    }

    public PollSettings(int minSeconds, int maxSeconds, int maxAttempts, int maxWaitSeconds) {
        this(minSeconds, maxSeconds, maxAttempts, maxWaitSeconds, null, null);
    }

    public PollSettings(int minSeconds, int maxSeconds, int maxAttempts, int maxWaitSeconds, Map<String, Integer> firstWaitSeconds) {
        this(minSeconds, maxSeconds, maxAttempts, maxWaitSeconds, firstWaitSeconds, null);
    }

    /**
     * These settings with {@code seconds} as what {@code operation} is expected to take (measured for this cluster),
     * for its first wait and the schedule after it.
     */
    public PollSettings expecting(PollSchedule.Operation operation, int seconds) {
        Map<String, Integer> first = new TreeMap<>(firstWaitSeconds);
        first.put(operation.id(), Math.max(minSeconds, Math.min(Math.min(maxSeconds, maxWaitSeconds), seconds)));
        Map<String, Integer> expected = new TreeMap<>(expectedSeconds == null ? Map.of() : expectedSeconds);
        expected.put(operation.id(), seconds);
        return new PollSettings(minSeconds, maxSeconds, maxAttempts, maxWaitSeconds, Collections.unmodifiableMap(first),
                Collections.unmodifiableMap(expected));
    }

    /** What the operation is expected to take: measured for this cluster where known, else its typical duration. */
    public int expectedSeconds(PollSchedule.Operation operation) {
        Integer measured = expectedSeconds == null ? null : expectedSeconds.get(operation.id());
        return measured != null ? measured : operation.typicalSeconds();
    }

    /** A longer wait would only notice a finished AWS operation later. */
    public static final int MAX_INTERVAL_SECONDS = 3600;
    /**
     * A check costs about nine history events (Wait, Task, Choice); 300 checks in every loop of a workflow keeps
     * an execution well below Step Functions' limit of 25,000 history events.
     */
    public static final int MAX_ATTEMPTS = 300;
    /** A day: no single RDS operation this tool waits for should take longer; past it, something is stuck. */
    public static final int MAX_WAIT_SECONDS = 86_400;

    /**
     * Migration: the seed's longest step (writer to db.serverless) takes about 20 minutes; a large restore can take
     * over an hour, so a loop gives up after two.
     */
    public static final PollSettings MIGRATION_DEFAULTS = new PollSettings(10, 300, 120, 7_200);
    /** Blue/Green: green creation typically takes 20-60 minutes; a loop gives up after four hours. */
    public static final PollSettings BLUE_GREEN_DEFAULTS = new PollSettings(10, 300, 240, 14_400);

    /**
     * The input's values within the bounds (a named error otherwise), or the workflow's defaults.
     * {@code pollIntervalSeconds} is the older name of {@code minPollSeconds}: earlier inputs keep working. Alone it
     * means what it always said, a check every that many seconds (min = max); with {@code maxPollSeconds} it is the
     * floor of the adaptive schedule.
     */
    public static PollSettings from(PollInput in, PollSettings defaults) {
        return from(in.pollIntervalSeconds(), in.minPollSeconds(), in.maxPollSeconds(), in.maxPollAttempts(),
                in.maxWaitSeconds(), defaults);
    }

    /** As {@link #from(PollInput, PollSettings)}, field by field. */
    static PollSettings from(Integer pollIntervalSeconds, Integer minPollSeconds, Integer maxPollSeconds,
                             Integer maxPollAttempts, Integer maxWaitSeconds, PollSettings defaults) {
        if (pollIntervalSeconds != null && minPollSeconds != null) {
            throw new InvalidInputException("pollIntervalSeconds", "is the older name of minPollSeconds: give one of them");
        }
        String minField = pollIntervalSeconds != null ? "pollIntervalSeconds" : "minPollSeconds";
        int min = InputRules.bounded(minField, pollIntervalSeconds != null ? pollIntervalSeconds : minPollSeconds,
                defaults.minSeconds(), 1, MAX_INTERVAL_SECONDS);
        // pollIntervalSeconds alone was documented as "poll every N seconds": a fixed interval, not a floor.
        int defaultMax = pollIntervalSeconds != null ? min : Math.max(min, defaults.maxSeconds());
        int max = InputRules.bounded("maxPollSeconds", maxPollSeconds, defaultMax, 1, MAX_INTERVAL_SECONDS);
        if (max < min) {
            throw new InvalidInputException("maxPollSeconds", "= " + max + " is below " + minField + " = " + min);
        }
        int attempts = InputRules.bounded("maxPollAttempts", maxPollAttempts, defaults.maxAttempts(), 1, MAX_ATTEMPTS);
        // An older input (pollIntervalSeconds and maxPollAttempts) meant interval x attempts as its time bound: keep it
        // when it is longer than the default.
        int implied = pollIntervalSeconds != null && maxPollAttempts != null
                ? (int) Math.min(MAX_WAIT_SECONDS, (long) min * attempts) : 0;
        int maxWait = InputRules.bounded("maxWaitSeconds", maxWaitSeconds,
                Math.max(min, Math.max(implied, defaults.maxWaitSeconds())), 1, MAX_WAIT_SECONDS);
        if (maxWait < min) {
            throw new InvalidInputException("maxWaitSeconds", "= " + maxWait + " is below " + minField + " = " + min
                    + ": no check would run");
        }
        return new PollSettings(min, max, attempts, maxWait);
    }
}
