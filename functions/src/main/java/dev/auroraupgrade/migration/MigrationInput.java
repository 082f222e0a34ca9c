package dev.auroraupgrade.migration;

import dev.auroraupgrade.workflow.PollInput;

/** The execution input a console user types. Every field but the source is optional. */
public record MigrationInput(
        String sourceClusterIdentifier,
        String targetClusterIdentifier,
        String targetEngineVersion,
        String restoreEngineVersion,
        Double minCapacity,
        Double maxCapacity,
        Integer secondsUntilAutoPause,
        String provisionedInstanceClass,
        Boolean deletionProtection,
        String dbClusterParameterGroupName,
        String dbInstanceParameterGroupName,
        Integer pollIntervalSeconds,
        Integer minPollSeconds,
        Integer maxPollSeconds,
        Integer maxPollAttempts,
        Integer maxWaitSeconds) implements PollInput {
}
