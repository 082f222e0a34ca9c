package dev.auroraupgrade.migration;

/** The state machine passes the raw execution input and the execution name (used in tags). */
public record PreflightRequest(MigrationInput input, String executionName) {
}
