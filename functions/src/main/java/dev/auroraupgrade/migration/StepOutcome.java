package dev.auroraupgrade.migration;

import dev.auroraupgrade.checks.PollState;
import java.time.Instant;

/**
 * What an action step did. {@code poll} starts at attempt 0 and is replaced by each readiness check,
 * so every Wait/Choice loop counts its own attempts.
 */
public record StepOutcome(String step, String action, String resourceIdentifier, String detail,
                          String startedAt, String completedAt, PollState poll) {
    public static final String CREATED = "CREATED";
    public static final String MODIFIED = "MODIFIED";
    public static final String REUSED = "REUSED";
    public static final String SKIPPED = "SKIPPED";

    public static StepOutcome of(String step, String action, String resource, String detail, Instant startedAt) {
        return new StepOutcome(step, action, resource, detail, startedAt.toString(), Instant.now().toString(),
                PollState.NOT_STARTED);
    }
}
