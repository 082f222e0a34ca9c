package dev.auroraupgrade.inplace;

import dev.auroraupgrade.bluegreen.BlueGreenInput;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.workflow.PollSettings;
import java.util.List;

/** Every decision the in-place pre-flight made; later steps only act on it. */
public record InPlacePlan(
        String clusterIdentifier,
        String clusterArn,
        String endpoint,
        String readerEndpoint,
        String engine,
        String sourceEngineMode,
        boolean convertEngineMode,
        String conversionInstanceClass,
        String currentEngineVersion,
        String targetEngineVersion,
        String engineVersionSource,
        boolean engineUpgrade,
        /** The minor version the nested Blue/Green upgrades the cluster to first, or null (a direct path). */
        String minorUpgradeFirst,
        BlueGreenInput blueGreenInput,
        String blueGreenExecutionName,
        String blueGreenRetryExecutionName,
        int blueGreenTimeoutSeconds,
        double minCapacity,
        double maxCapacity,
        Integer secondsUntilAutoPause,
        List<String> provisionedInstances,
        List<String> serverlessInstances,
        String failoverTarget,
        boolean keepProvisionedInstances,
        EngineLifecycle lifecycleBefore,
        EngineLifecycle lifecycleAfter,
        PollSettings polling,
        String executionName,
        List<String> notices,
        /** The cluster and its instances as the pre-flight found them, before any change (for iacFollowUp). */
        dev.auroraupgrade.iac.ClusterShape shapeBefore,
        /** What the plan would make of them (engine, groups, capacity, instances), for a dry run's iacFollowUp. */
        dev.auroraupgrade.iac.ClusterShape shapeExpected,
        /**
         * The Extended Support rates this plan prices with: the Price List's for the Region, or the dated table. The
         * nested Blue/Green execution reads its own when it runs.
         */
        dev.auroraupgrade.rds.ExtendedSupportPrices extendedSupportPrices,
        String preflightStartedAt,
        String preflightCompletedAt,
        /** The nested Blue/Green reboots the writer after its switchover (restoreReplicationSettings); null: no. */
        Boolean rebootAfterSwitchover,
        /**
         * The cluster's last rehearsal (Parameter Store) as the nested Blue/Green's checks read it; null without an engine
         * upgrade or without a rehearsal. The nested execution reads and judges it again when it runs.
         */
        dev.auroraupgrade.rehearsal.RehearsalRecord lastRehearsal,
        /**
         * The cluster as it stands before the run (engine, Extended Support now and its monthly cost, last rehearsal):
         * null as the pre-flight builds the plan, filled by Preflight for a run, and carried into the run's result.
         */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
}
