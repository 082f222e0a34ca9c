package dev.auroraupgrade.serverless;

/**
 * The capacity range one cluster should get: what both the migration and the in-place route pass to
 * {@link ApplyServerlessV2Scaling} (the state machine projects it from its plan).
 */
public record ScalingRange(String clusterIdentifier, double minCapacity, double maxCapacity, Integer secondsUntilAutoPause) {
}
