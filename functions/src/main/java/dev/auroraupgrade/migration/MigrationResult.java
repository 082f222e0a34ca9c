package dev.auroraupgrade.migration;

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
        List<String> notices,
        List<StepTiming> steps,
        long totalSeconds) {

    /** One step: when it started, how long it took until its resource was ready, and what it did. */
    public record StepTiming(String step, String action, String startedAt, long durationSeconds, String detail) {
    }
}
