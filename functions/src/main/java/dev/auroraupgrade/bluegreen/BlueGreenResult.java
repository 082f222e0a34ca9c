package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.workflow.StepTiming;
import java.util.List;

/** The Blue/Green execution output. {@code status} is SWITCHED_OVER, or GREEN_READY under the NONE policy. */
public record BlueGreenResult(
        String status,
        String clusterIdentifier,
        String endpoint,
        String engine,
        String previousEngineVersion,
        String engineVersion,
        String engineVersionSource,
        String deploymentName,
        String deploymentIdentifier,
        boolean deploymentDeleted,
        String greenClusterIdentifier,
        String oldBlueClusterIdentifier,
        String replicationParameterGroup,
        String targetParameterGroup,
        String switchoverPolicy,
        Long switchoverSeconds,
        String switchoverMeasurement,
        /** serverlessGreen: how long green's failover to db.serverless took (before the switchover; no client saw it). */
        Long greenFailoverSeconds,
        /** Each interruption of the clients in this run, in order, with its measured length (null seconds: not measured, said why). */
        List<dev.auroraupgrade.workflow.Interruption> interruptions,
        /** The old blue this run left: kept, or its retirement (retireOldBlueAfterHours) scheduled or done; null: none. */
        OldBlueReport oldBlue,
        /** Blue's Application Auto Scaling and what this run re-created of it; null when not read. */
        AutoScalingReport autoScaling,
        /** The replication setting this run turned on, after the switchover; null: it did not turn one on. */
        ReplicationSettingsReport replicationSettings,
        List<String> nextSteps,
        /** What the IaC declaring the cluster must now say: each changed property from -> to, by CloudFormation and Terraform name. */
        dev.auroraupgrade.iac.IacFollowUp iacFollowUp,
        List<String> notices,
        List<StepTiming> steps,
        long totalSeconds,
        /** The cluster as it stood before the run, as its plan found it (engine, Extended Support now and its monthly cost, last rehearsal): a fleet row's standing. */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
}
