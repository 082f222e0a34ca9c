package dev.auroraupgrade.workflow;

import dev.auroraupgrade.common.InputRules;

/**
 * How a workflow's Wait/Check/Choice loops poll: seconds between checks, and at most how many checks per loop.
 * The bounds and each workflow's defaults are decided here and nowhere else.
 */
public record PollSettings(int intervalSeconds, int maxAttempts) {
    /** A longer interval would only notice a finished AWS operation later. */
    public static final int MAX_INTERVAL_SECONDS = 3600;
    /**
     * A check costs about nine history events (Wait, Task, Choice); 300 checks in every loop of a workflow keeps
     * an execution well below Step Functions' limit of 25,000 history events.
     */
    public static final int MAX_ATTEMPTS = 300;

    /** Migration: 30 s x 120 = one hour per wait; the seed's longest step (writer to db.serverless) takes ~20 min. */
    public static final PollSettings MIGRATION_DEFAULTS = new PollSettings(30, 120);
    /** Blue/Green: 60 s x 240 = four hours for green to be created, which typically takes 20-60 minutes. */
    public static final PollSettings BLUE_GREEN_DEFAULTS = new PollSettings(60, 240);

    /** The input's values within the bounds (a named error otherwise), or the workflow's defaults. */
    public static PollSettings from(Integer intervalSeconds, Integer maxAttempts, PollSettings defaults) {
        return new PollSettings(
                InputRules.bounded("pollIntervalSeconds", intervalSeconds, defaults.intervalSeconds(), 1, MAX_INTERVAL_SECONDS),
                InputRules.bounded("maxPollAttempts", maxAttempts, defaults.maxAttempts(), 1, MAX_ATTEMPTS));
    }
}
