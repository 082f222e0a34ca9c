package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.workflow.PollInput;

/** The execution input of the Blue/Green workflow. Only the cluster is required. */
public record BlueGreenInput(
        String clusterIdentifier,
        String targetEngineVersion,
        String targetDBClusterParameterGroupName,
        String switchoverPolicy,
        Integer switchoverTimeoutSeconds,
        Boolean allowWriterReboot,
        Boolean allowMinorUpgradeFirst,
        Boolean acceptGreenWithoutBacktrack,
        Double maxReplicaLagSeconds,
        Boolean acceptUncheckedReplicaLag,
        Integer postgresDatabaseCount,
        Integer approvalTimeoutSeconds,
        Integer pollIntervalSeconds,
        Integer minPollSeconds,
        Integer maxPollSeconds,
        Integer maxPollAttempts,
        Integer maxWaitSeconds,
        /** Move green to Serverless v2 before the switchover (one interruption); null: green stays as RDS made it. */
        ServerlessGreen serverlessGreen,
        /** Run although the last rehearsal of this upgrade failed (it is a named blocker otherwise). */
        Boolean ignoreFailedRehearsal,
        /** Hours after the switchover to snapshot and delete old blue (1-720); null: old blue is kept, as before. */
        Integer retireOldBlueAfterHours,
        /**
         * After a successful switchover, put the replication setting this run turned on (binlog_format,
         * rds.logical_replication) back as blue had it, in green's group when this tool created it; null: left on.
         */
        Boolean restoreReplicationSettings) implements PollInput {
}
