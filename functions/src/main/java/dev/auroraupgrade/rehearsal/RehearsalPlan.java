package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.bluegreen.BlueGreenPlan;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.PollSettings;
import java.util.List;

/** What the rehearsal pre-flight decided: the clone, how it is built and upgraded, and what the real run would meet. */
public record RehearsalPlan(
        String clusterIdentifier,
        String clusterArn,
        String engine,
        String currentEngineVersion,
        String targetEngineVersion,
        boolean majorVersionUpgrade,
        String engineVersionSource,
        String cloneIdentifier,
        String cloneInstanceIdentifier,
        String instanceClass,
        String dbSubnetGroupName,
        List<String> vpcSecurityGroupIds,
        String kmsKeyId,
        Integer port,
        /** The source's groups: the clone starts on them, as green does. */
        String sourceClusterParameterGroup,
        String sourceInstanceParameterGroup,
        /** The source's Serverless v2 range, which a db.serverless writer of the clone needs; null when not on v2. */
        Double serverlessMinCapacity,
        Double serverlessMaxCapacity,
        /** The groups the real run would give green (null: green keeps the source's). */
        String targetParameterGroup,
        String targetInstanceParameterGroup,
        /** The real run's plan, as its pre-flight made it: its target groups are created from it. */
        BlueGreenPlan blueGreen,
        int keepCloneSeconds,
        String recordParameter,
        /** Blockers the real run would meet today that do not stop a rehearsal (a reboot it may not make, ...). */
        List<PlanReport.Blocker> realRunBlockers,
        List<String> notices,
        PollSettings polling,
        String executionName,
        String preflightStartedAt,
        String preflightCompletedAt,
        /** The cluster's rehearsal before this one (Parameter Store); null when none was found. */
        RehearsalRecord lastRehearsal,
        /** What the cluster costs in Extended Support standing still, as the real run's plan priced it (its effects). */
        dev.auroraupgrade.rds.ExtendedSupportCost extendedSupport,
        /**
         * The cluster as it stands before the run (engine, Extended Support now and its monthly cost, last rehearsal):
         * null as the pre-flight builds the plan, filled by Preflight for a run, and carried into the run's result.
         */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
}
