package dev.auroraupgrade.workflow;

import java.time.Instant;

/** What an action step did: created, modified, reused from an earlier run, or skipped because it was done. */
public record StepOutcome(String step, String action, String resourceIdentifier, String detail,
                          String startedAt, String completedAt) {
    public static final String CREATED = "CREATED";
    public static final String MODIFIED = "MODIFIED";
    public static final String REUSED = "REUSED";
    public static final String SKIPPED = "SKIPPED";
    public static final String DELETED = "DELETED";

    public static StepOutcome of(String step, String action, String resource, String detail, Instant startedAt) {
        return new StepOutcome(step, action, resource, detail, startedAt.toString(), Instant.now().toString());
    }
}
