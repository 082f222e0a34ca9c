package dev.auroraupgrade.inplace;

import dev.auroraupgrade.workflow.PollInput;

/**
 * The execution input of the in-place route. Only the cluster is required; the Blue/Green fields are passed to
 * the nested Blue/Green execution when the engine version changes.
 */
public record InPlaceInput(
        String clusterIdentifier,
        String targetEngineVersion,
        Double minCapacity,
        Double maxCapacity,
        Integer secondsUntilAutoPause,
        Boolean allowEngineModeConversion,
        Boolean keepProvisionedInstances,
        Integer serverlessInstanceCount,
        String switchoverPolicy,
        String targetDBClusterParameterGroupName,
        Integer switchoverTimeoutSeconds,
        Boolean allowWriterReboot,
        Boolean allowMinorUpgradeFirst,
        Boolean acceptGreenWithoutBacktrack,
        Double maxReplicaLagSeconds,
        Boolean acceptUncheckedReplicaLag,
        Integer approvalTimeoutSeconds,
        Integer postgresDatabaseCount,
        Integer pollIntervalSeconds,
        Integer minPollSeconds,
        Integer maxPollSeconds,
        Integer maxPollAttempts,
        Integer maxWaitSeconds,
        /** Passed to the nested Blue/Green: run although the last rehearsal of this upgrade failed. */
        Boolean ignoreFailedRehearsal,
        /** Passed to the nested Blue/Green: hours after its switchover to snapshot and delete old blue. */
        Integer retireOldBlueAfterHours,
        /** Passed to the nested Blue/Green: the replication setting it turned on goes back after its switchover. */
        Boolean restoreReplicationSettings) implements PollInput {
}
