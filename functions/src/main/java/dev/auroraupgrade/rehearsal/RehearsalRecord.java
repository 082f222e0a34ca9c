package dev.auroraupgrade.rehearsal;

import java.util.List;

/**
 * A rehearsal's result as Parameter Store keeps it for the next run of the same cluster: the verdict, what failed,
 * how long each part took on a copy of this data, and when.
 */
public record RehearsalRecord(
        String clusterIdentifier,
        String verdict,
        String engine,
        String sourceEngineVersion,
        String targetEngineVersion,
        String rehearsedAt,
        List<PrecheckFinding> failedChecks,
        List<PrecheckFinding> warnings,
        Durations durations,
        Long volumeBytesUsed,
        String executionName,
        /** Findings were cut to fit Parameter Store's 4 KB value: the execution's output has them all. */
        boolean truncated) {
    public static final String PASSED = "PASSED";
    public static final String FAILED = "FAILED";

    /** Seconds each part took, and what measured them (RDS's timestamps, or this run's checks). */
    public record Durations(Long cloneSeconds, Long instanceSeconds, Long upgradeSeconds, String measuredBy) {
        /** Clone, writer and upgrade together: what building green at the target takes, roughly. */
        public Long totalSeconds() {
            long sum = 0;
            for (Long s : new Long[] {cloneSeconds, instanceSeconds, upgradeSeconds}) {
                if (s == null) {
                    return null;
                }
                sum += s;
            }
            return sum;
        }
    }

    public boolean passed() {
        return PASSED.equals(verdict);
    }
}
