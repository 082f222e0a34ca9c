package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.workflow.PollSettings;
import dev.auroraupgrade.rds.ReplicationSettings;
import java.util.List;

/** Every decision the Blue/Green pre-flight made; names are deterministic from the input. */
public record BlueGreenPlan(
        String clusterIdentifier,
        String clusterArn,
        String clusterResourceId,
        String engine,
        String currentEngineVersion,
        String targetEngineVersion,
        boolean majorVersionUpgrade,
        String engineVersionSource,
        /** A minor version blue is upgraded to in place before anything else, when RDS has no direct path; or null. */
        String minorUpgradeFirst,
        String deploymentName,
        String blueParameterGroup,
        String replicationParameterGroup,
        boolean createReplicationParameterGroup,
        String replicationParameter,
        String replicationValue,
        Integer postgresDatabaseCount,
        List<ReplicationSettings.Setting> replicationSettings,
        String targetParameterGroup,
        boolean createTargetParameterGroup,
        String blueInstanceParameterGroup,
        String targetInstanceParameterGroup,
        boolean createTargetInstanceParameterGroup,
        /** Aurora MySQL: blue runs event_scheduler ON; green's group has it OFF at creation, turned ON after the switchover. */
        boolean eventSchedulerOnBlue,
        String writerInstanceIdentifier,
        String switchoverPolicy,
        int switchoverTimeoutSeconds,
        boolean allowWriterReboot,
        double maxReplicaLagSeconds,
        boolean acceptUncheckedReplicaLag,
        int approvalTimeoutSeconds,
        /** Green moves to Serverless v2 before the switchover (validated); null when not asked. */
        ServerlessGreen serverlessGreen,
        /** Hours after the switchover the old blue is snapshotted and deleted; null: kept. */
        Integer retireOldBlueAfterHours,
        /** The same in seconds, for the state machine's Wait (SecondsPath); null: kept. */
        Integer retireOldBlueWaitSeconds,
        /** The Extended Support rates this plan prices with: the Price List's for the Region, or the dated table. */
        dev.auroraupgrade.rds.ExtendedSupportPrices extendedSupportPrices,
        /** Extended Support per month of the old blue this plan leaves (priced at pre-flight); null when unknown. */
        Double oldBlueMonthlyExtendedSupport,
        /**
         * restoreReplicationSettings: put the replication setting back after the switchover. Boxed, as the next field:
         * a plan written before they existed (an execution started before an update) reads as false.
         */
        Boolean restoreReplicationSettings,
        /** Blue's group did not have the replication setting before this run: this run turns it on. */
        Boolean replicationTurnedOnByRun,
        /** The replication parameter's value in blue's group before this run; null: the engine default. */
        String replicationValueBefore,
        /** Why the restore cannot be done, known at pre-flight (green's group is the DBA's); null: no reason yet. */
        String replicationRestoreRefusal,
        PollSettings polling,
        String executionName,
        boolean resumed,
        boolean resumeAtSwitchover,
        boolean alreadyUpgraded,
        List<String> notices,
        /** Application Auto Scaling of blue's replicas, read by the state machine; null when this route did not read it. */
        ReaderAutoScaling autoScaling,
        /** The cluster's last rehearsal (Parameter Store), any target; null when none was found. */
        dev.auroraupgrade.rehearsal.RehearsalRecord lastRehearsal,
        /** The cluster and its instances as the pre-flight found them, before any change (for iacFollowUp). */
        dev.auroraupgrade.iac.ClusterShape shapeBefore,
        String preflightStartedAt,
        String preflightCompletedAt,
        /**
         * The cluster as it stands before the run (engine, Extended Support now and its monthly cost, last rehearsal):
         * null as the pre-flight builds the plan, filled by Preflight for a run, and carried into the run's result.
         */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
    public static final String AUTO = "AUTO";
    public static final String APPROVAL = "APPROVAL";
    public static final String NONE = "NONE";

    /** Whether this plan asks for the replication setting to be put back (false in a plan from before the field). */
    public boolean restoresReplication() {
        return Boolean.TRUE.equals(restoreReplicationSettings);
    }

    /** Whether this run turns the replication setting on (false in a plan from before the field). */
    public boolean turnsReplicationOn() {
        return Boolean.TRUE.equals(replicationTurnedOnByRun);
    }

    /**
     * Whether this run may reboot blue's writer before green exists: blue's group changes to the replication group and
     * the input allows the reboot that applies it (taken only when the writer is not in sync after the change).
     */
    public boolean mayRebootBlueWriter() {
        return !alreadyUpgraded && !resumeAtSwitchover && allowWriterReboot
                && !replicationParameterGroup.equals(blueParameterGroup);
    }
}
