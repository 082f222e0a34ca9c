package dev.auroraupgrade.checks;

/**
 * One readiness check's answer; {@code attempt} counts checks in the current loop, {@code waitedSeconds} the
 * seconds its Wait states have waited up to this check ({@code lastWaitSeconds} the last of them), and
 * {@code nextPollSeconds} is the wait before the next check. {@code note} is something the operator should know
 * even though the resource is ready (null otherwise); the final step reports it.
 */
public record PollState(int attempt, boolean ready, String status, String checkedAt, String detail, String note,
                        Integer waitedSeconds, Integer lastWaitSeconds, Integer nextPollSeconds) {
}
