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
