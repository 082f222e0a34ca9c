package dev.auroraupgrade.inplace;

import dev.auroraupgrade.workflow.StepTiming;
import java.util.List;

/** The in-place route's output: what the cluster is now, what moved, what stays behind, and when it was down. */
public record InPlaceResult(
        String status,
        String clusterIdentifier,
        String endpoint,
        String readerEndpoint,
        boolean endpointUnchanged,
        String engine,
        String engineVersionBefore,
        String engineVersion,
        String engineVersionSource,
        double minCapacity,
        double maxCapacity,
        String writerInstanceIdentifier,
        String writerInstanceClass,
        List<String> serverlessInstances,
        List<String> provisionedInstancesRemoved,
        List<String> provisionedInstancesKept,
        String blueGreenExecutionArn,
        String blueGreenStatus,
        Long switchoverSeconds,
        String oldBlueClusterIdentifier,
        /** The nested Blue/Green's old blue: kept, or its retirement scheduled or done; null without one. */
        dev.auroraupgrade.bluegreen.OldBlueReport oldBlue,
        Long failoverSeconds,
        /** Each interruption of the cluster's clients in this run, in order, with its measured length (null: not measured, said why). */
        List<dev.auroraupgrade.workflow.Interruption> interruptions,
        String lifecycleBefore,
        String lifecycleAfter,
        /** What the IaC declaring the cluster must now say: each changed property from -> to, by CloudFormation and Terraform name. */
        dev.auroraupgrade.iac.IacFollowUp iacFollowUp,
        List<String> notices,
        List<StepTiming> steps,
        long totalSeconds,
        /** The cluster as it stood before the run, as its plan found it (engine, Extended Support now and its monthly cost, last rehearsal): a fleet row's standing. */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
    public static final String DONE = "SERVERLESS_V2";
}
