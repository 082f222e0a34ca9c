package dev.auroraupgrade.checks;

/**
 * One readiness check's answer; {@code attempt} counts checks in the current loop. {@code note} is something the
 * operator should know even though the resource is ready (null otherwise); the final step reports it.
 */
public record PollState(int attempt, boolean ready, String status, String checkedAt, String detail, String note) {
}
