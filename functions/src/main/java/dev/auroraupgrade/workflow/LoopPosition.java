package dev.auroraupgrade.workflow;

/**
 * Where a readiness loop stands, as the state machine passes it to each check: what it waits for (a
 * {@link PollSchedule.Operation} id), the checks so far, the seconds waited before the previous check, the wait
 * just done (null right after the loop's first wait, the plan's {@code firstWaitSeconds} for the operation), and the
 * bounds.
 * Any field may be absent in a hand-made event; the workflow's defaults apply.
 */
public record LoopPosition(String operation, Integer attempt, Integer waitedSeconds, Integer lastWaitSeconds,
                           PollSettings polling) {
}
