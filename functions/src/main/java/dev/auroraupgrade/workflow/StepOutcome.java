package dev.auroraupgrade.workflow;

import java.time.Instant;

/** What an action step did: created, modified, reused from an earlier run, skipped because it was done, or not yet. */
public record StepOutcome(String step, String action, String resourceIdentifier, String detail,
                          String startedAt, String completedAt) {
    public static final String CREATED = "CREATED";
    public static final String MODIFIED = "MODIFIED";
    public static final String REUSED = "REUSED";
    public static final String SKIPPED = "SKIPPED";
    public static final String DELETED = "DELETED";
    /** Not yet: RDS refused for the resource's state (for example still restarting); the state machine waits and tries again. */
    public static final String WAITING = "WAITING";

    public static StepOutcome of(String step, String action, String resource, String detail, Instant startedAt) {
        return new StepOutcome(step, action, resource, detail, startedAt.toString(), Instant.now().toString());
    }
}
