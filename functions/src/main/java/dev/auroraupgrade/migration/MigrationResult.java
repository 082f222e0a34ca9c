package dev.auroraupgrade.migration;

import dev.auroraupgrade.workflow.StepTiming;
import java.util.List;

/** The execution output: where the v2 cluster is, what it runs, and how long each step took. */
public record MigrationResult(
        String status,
        String sourceClusterIdentifier,
        boolean sourceModified,
        String targetClusterIdentifier,
        String endpoint,
        String readerEndpoint,
        Integer port,
        String engine,
        String engineVersion,
        String engineVersionSource,
        double minCapacity,
        double maxCapacity,
        String writerInstanceIdentifier,
        String writerInstanceClass,
        String snapshotIdentifier,
        boolean deletionProtection,
        boolean resumed,
        /** A new cluster replaces the source in your IaC: its properties against the source's, by CloudFormation and Terraform name. */
        dev.auroraupgrade.iac.IacFollowUp iacFollowUp,
        List<String> notices,
        List<StepTiming> steps,
        long totalSeconds,
        /** The cluster as it stood before the run, as its plan found it (engine, Extended Support now and its monthly cost, last rehearsal): a fleet row's standing. */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
}
