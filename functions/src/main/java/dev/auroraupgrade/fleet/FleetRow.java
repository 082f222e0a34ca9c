package dev.auroraupgrade.fleet;

/**
 * One cluster's line in the fleet's summary. {@code outcome}: SUCCEEDED (the child execution succeeded; for a dry
 * run its {@code status} says PLANNED or BLOCKED), FAILED (with the child's own error name), or NOT_STARTED (with
 * the reason: a canary failed, or the failure budget was spent).
 */
public record FleetRow(
        String clusterIdentifier,
        String outcome,
        String status,
        String engineVersion,
        String endpoint,
        Long durationSeconds,
        String error,
        String cause,
        String reason,
        boolean resumed,
        String executionArn,
        /** A dry run's BLOCKED plan: each blocker as "Error: message". */
        java.util.List<String> blockers,
        /** A rehearsal's failed checks, each as "check (objects)"; empty otherwise. */
        java.util.List<String> failedChecks,
        /** A rehearsal: how long the upgrade took on the clone (seconds); null otherwise. */
        Long rehearsedUpgradeSeconds,
        /** The old blue the child's Blue/Green left (Blue/Green and in-place children), or null. */
        dev.auroraupgrade.bluegreen.OldBlueReport oldBlue,
        /** The child's iacFollowUp: its status (NONE, UPDATE, NEW_CLUSTER, UNKNOWN), how many values, its stack; null when it did not succeed. */
        String iacStatus,
        Integer iacChanges,
        String iacStack,
        /** A member account's cluster (fleet input targets): its account and Region; null for this account's own. */
        String account,
        String region,
        /** The cluster as its child's plan found it (engine, Extended Support now and its monthly cost, last rehearsal); null when the child's output has none. */
        dev.auroraupgrade.workflow.PlanReport.Standing standing) {
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String NOT_STARTED = "NOT_STARTED";

    /** A cluster whose child never started, and why. */
    static FleetRow notStarted(String cluster, String reason) {
        return new FleetRow(cluster, NOT_STARTED, null, null, null, null, null, null, reason, false, null, java.util.List.of(),
                java.util.List.of(), null, null, null, null, null, null, null, null);
    }

    /** The same row, placed in a member account and Region (null: this account's own). */
    FleetRow in(String account, String region) {
        return new FleetRow(clusterIdentifier, outcome, status, engineVersion, endpoint, durationSeconds, error, cause, reason,
                resumed, executionArn, blockers, failedChecks, rehearsedUpgradeSeconds, oldBlue, iacStatus, iacChanges, iacStack,
                account, region, standing);
    }
}
