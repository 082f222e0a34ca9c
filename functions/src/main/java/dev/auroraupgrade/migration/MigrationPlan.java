package dev.auroraupgrade.migration;

import dev.auroraupgrade.workflow.PollSettings;
import java.util.List;

/** Every decision pre-flight made, so later steps only act. Names are deterministic from the input. */
public record MigrationPlan(
        String sourceClusterIdentifier,
        String targetClusterIdentifier,
        String engine,
        String sourceEngineVersion,
        String sourceEngineMode,
        String restoreEngineVersion,
        String targetEngineVersion,
        String engineVersionSource,
        boolean majorVersionUpgrade,
        double minCapacity,
        double maxCapacity,
        Integer secondsUntilAutoPause,
        String provisionedInstanceClass,
        String snapshotIdentifier,
        String writerInstanceIdentifier,
        boolean deletionProtection,
        String dbClusterParameterGroupName,
        String dbInstanceParameterGroupName,
        String sourceClusterParameterGroup,
        String sourceInstanceParameterGroup,
        boolean createTargetClusterParameterGroup,
        boolean createTargetInstanceParameterGroup,
        PollSettings polling,
        String executionName,
        boolean resumed,
        List<String> notices,
        /** The source and its instances as the pre-flight found them (never changed), for iacFollowUp. */
        dev.auroraupgrade.iac.ClusterShape sourceShape,
        /** The Extended Support rates this plan prices with: the Price List's for the Region, or the dated table. */
        dev.auroraupgrade.rds.ExtendedSupportPrices extendedSupportPrices,
        String preflightStartedAt,
        String preflightCompletedAt,
        /**
         * The source's last rehearsal (Parameter Store), read as every route's plan reads it (Rehearsals.last); null
         * when none was found. Shown, not judged: a rehearsal rehearses a Blue/Green upgrade, not this route.
         */
        dev.auroraupgrade.rehearsal.RehearsalRecord lastRehearsal,
        /**
         * The cluster as it stands before the run (engine, Extended Support now and its monthly cost, last rehearsal):
         * null as the pre-flight builds the plan, filled by Preflight for a run, and carried into the run's result.
         */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
}
