package dev.auroraupgrade.checks;

/** One readiness check's answer; {@code attempt} counts checks in the current loop. */
public record PollState(int attempt, boolean ready, String status, String checkedAt, String detail) {
}
