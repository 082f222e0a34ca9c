package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.StepTiming;
import java.util.List;

/** What a rehearsal found: the verdict, each failed check with the objects it names, the warnings, and the times. */
public record RehearsalReport(
        String status,
        String clusterIdentifier,
        String cloneIdentifier,
        /** The upgraded clone's endpoint while keepCloneHours keeps it; null otherwise. */
        String cloneEndpoint,
        String engine,
        String sourceEngineVersion,
        String targetEngineVersion,
        /** The version the clone ran when judged: the target, or the source's when the upgrade was cancelled. */
        String cloneEngineVersion,
        List<PrecheckFinding> failedChecks,
        List<PrecheckFinding> warnings,
        /** RDS events of the clone during the rehearsal, oldest first. */
        List<String> events,
        /** The log files the findings were read from. */
        List<String> logFiles,
        RehearsalRecord.Durations durations,
        Long volumeBytesUsed,
        String summary,
        List<PlanReport.Blocker> realRunBlockers,
        List<String> notices,
        /** Always NONE: a rehearsal changes nothing an IaC declares (see IacFollowUp.rehearsal for why not the forecast). */
        dev.auroraupgrade.iac.IacFollowUp iacFollowUp,
        /** Filled at the end: whether the clone was deleted, where the result was stored, and the timeline. */
        Boolean cloneDeleted,
        String storedAt,
        List<StepTiming> steps,
        /** The cluster as it stood before the run, as its plan found it (engine, Extended Support now and its monthly cost, last rehearsal): a fleet row's standing. */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
    public boolean passed() {
        return RehearsalRecord.PASSED.equals(status);
    }
}
