package dev.auroraupgrade.rds;

import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides what an RDS status string means for a polling loop. Statuses are plain
 * strings that AWS extends over time: anything unknown counts as in progress, and the loop's bound ends it.
 */
public enum ResourceStatus {
    READY, IN_PROGRESS, FAILED;

    private static final Set<String> FAILED_COMMON = Set.of(
            "failed", "incompatible-parameters", "incompatible-restore", "deleting", "deleted",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable");
    private static final Set<String> FAILED_CLUSTER = Set.of(
            "cloning-failed", "migration-failed", "upgrade_failed", "stopped", "stopping");
    private static final Set<String> FAILED_INSTANCE = Set.of(
            "incompatible-create", "incompatible-network", "incompatible-option-group", "insufficient-capacity",
            "restore-error", "storage-full", "stopped", "stopping");

    public static ResourceStatus ofCluster(String status) {
        return classify(status, FAILED_CLUSTER);
    }

    public static ResourceStatus ofInstance(String status) {
        return classify(status, FAILED_INSTANCE);
    }

    public static ResourceStatus ofSnapshot(String status) {
        return classify(status, Set.of());
    }

    /**
     * A Blue/Green deployment being created: ready when AVAILABLE, or SWITCHOVER_FAILED (green stands and a
     * switchover may be retried).
     */
    public static ResourceStatus ofBlueGreenCreation(String status) {
        return switch (status == null ? "" : status) {
            case "AVAILABLE", "SWITCHOVER_FAILED" -> READY;
            case "INVALID_CONFIGURATION", "PROVISIONING_FAILED", "DELETING" -> FAILED;
            default -> IN_PROGRESS;
        };
    }

    /**
     * A Blue/Green deployment after a switchover request: ready when SWITCHOVER_COMPLETED; SWITCHOVER_FAILED, or
     * back to AVAILABLE, means RDS rolled it back.
     */
    public static ResourceStatus ofBlueGreenSwitchover(String status) {
        return switch (status == null ? "" : status) {
            case "SWITCHOVER_COMPLETED" -> READY;
            case "SWITCHOVER_FAILED", "AVAILABLE", "INVALID_CONFIGURATION", "DELETING" -> FAILED;
            default -> IN_PROGRESS;
        };
    }

    private static ResourceStatus classify(String status, Set<String> failedForKind) {
        if (status == null) {
            return IN_PROGRESS;
        }
        String s = status.toLowerCase(Locale.ROOT);
        if (s.equals("available")) {
            return READY;
        }
        if (FAILED_COMMON.contains(s) || failedForKind.contains(s) || s.startsWith("incompatible-")) {
            return FAILED;
        }
        return IN_PROGRESS;
    }
}
