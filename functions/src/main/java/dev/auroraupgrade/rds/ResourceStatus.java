package dev.auroraupgrade.rds;

import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides what an RDS status string means. Statuses are plain strings that AWS extends
 * over time: anything unknown counts as in progress, and the polling loop's bound ends it.
 */
public enum ResourceStatus {
    READY, IN_PROGRESS, FAILED;

    /** Cluster, instance and snapshot: usable. */
    public static final String AVAILABLE = "available";
    /** A cluster being upgraded to another engine version. */
    public static final String UPGRADING = "upgrading";
    /** A cluster or instance on its way out (DeleteDBCluster, DeleteDBInstance). */
    public static final String DELETING = "deleting";
    /** An instance restarting. */
    public static final String REBOOTING = "rebooting";
    /** DBClusterMembers[].DBClusterParameterGroupStatus: the member runs with the group's values. */
    public static final String IN_SYNC = "in-sync";
    /** DBClusterMembers[].DBClusterParameterGroupStatus: a static parameter changed; the member needs a reboot. */
    public static final String PENDING_REBOOT = "pending-reboot";

    /** Blue/Green deployment statuses (DescribeBlueGreenDeployments). */
    public static final String BG_PROVISIONING = "PROVISIONING";
    public static final String BG_AVAILABLE = "AVAILABLE";
    public static final String BG_INVALID_CONFIGURATION = "INVALID_CONFIGURATION";
    public static final String BG_PROVISIONING_FAILED = "PROVISIONING_FAILED";
    public static final String SWITCHOVER_IN_PROGRESS = "SWITCHOVER_IN_PROGRESS";
    public static final String SWITCHOVER_COMPLETED = "SWITCHOVER_COMPLETED";
    public static final String SWITCHOVER_FAILED = "SWITCHOVER_FAILED";
    /** Blue/Green Tasks[].Status. */
    public static final String TASK_COMPLETED = "COMPLETED";
    public static final String TASK_FAILED = "FAILED";

    private static final Set<String> FAILED_COMMON = Set.of(
            "failed", "incompatible-parameters", "incompatible-restore", "deleting", "deleted",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable");
    private static final Set<String> FAILED_CLUSTER = Set.of(
            "cloning-failed", "migration-failed", "upgrade_failed", "stopped", "stopping");
    private static final Set<String> FAILED_INSTANCE = Set.of(
            "incompatible-create", "incompatible-network", "incompatible-option-group", "insufficient-capacity",
            "restore-error", "storage-full", "stopped", "stopping");
    private static final Set<String> BG_BEFORE_SWITCHOVER = Set.of(BG_PROVISIONING, BG_AVAILABLE,
            BG_INVALID_CONFIGURATION, BG_PROVISIONING_FAILED);

    public static ResourceStatus ofCluster(String status) {
        return classify(status, FAILED_CLUSTER);
    }

    public static ResourceStatus ofInstance(String status) {
        return classify(status, FAILED_INSTANCE);
    }

    public static ResourceStatus ofSnapshot(String status) {
        return classify(status, Set.of());
    }

    /** Cluster, instance or snapshot status "available". */
    public static boolean isAvailable(String status) {
        return AVAILABLE.equals(status);
    }

    /** A cluster member's parameter group status: applied. */
    public static boolean isInSync(String parameterGroupStatus) {
        return IN_SYNC.equals(parameterGroupStatus);
    }

    /**
     * A Blue/Green deployment being created: ready when AVAILABLE, or SWITCHOVER_FAILED (green stands and a
     * switchover may be retried).
     */
    public static ResourceStatus ofBlueGreenCreation(String status) {
        return switch (status == null ? "" : status) {
            case BG_AVAILABLE, SWITCHOVER_FAILED -> READY;
            case BG_INVALID_CONFIGURATION, BG_PROVISIONING_FAILED, "DELETING" -> FAILED;
            default -> IN_PROGRESS;
        };
    }

    /**
     * A Blue/Green deployment after a switchover request: ready when SWITCHOVER_COMPLETED; SWITCHOVER_FAILED, or
     * back to AVAILABLE, means RDS rolled it back.
     */
    public static ResourceStatus ofBlueGreenSwitchover(String status) {
        return switch (status == null ? "" : status) {
            case SWITCHOVER_COMPLETED -> READY;
            case SWITCHOVER_FAILED, BG_AVAILABLE, BG_INVALID_CONFIGURATION, "DELETING" -> FAILED;
            default -> IN_PROGRESS;
        };
    }

    /** Green stands and a switchover can be requested (again, after a rollback). */
    /** SwitchoverDetails[].Status of a member whose green counterpart was deleted (RDS API reference, SwitchoverDetail). */
    public static final String MISSING_TARGET = "MISSING_TARGET";
    /** SwitchoverDetails[].Status of a member without a blue source. */
    public static final String MISSING_SOURCE = "MISSING_SOURCE";

    public static boolean canSwitchOver(String blueGreenStatus) {
        return BG_AVAILABLE.equals(blueGreenStatus) || SWITCHOVER_FAILED.equals(blueGreenStatus);
    }

    /** A switchover was started and has not been rolled back: it is running or done. */
    public static boolean switchoverStarted(String blueGreenStatus) {
        return SWITCHOVER_IN_PROGRESS.equals(blueGreenStatus) || SWITCHOVER_COMPLETED.equals(blueGreenStatus);
    }

    /** A switchover was requested at some point (running, done, or rolled back). */
    public static boolean switchoverRequested(String blueGreenStatus) {
        return switchoverStarted(blueGreenStatus) || SWITCHOVER_FAILED.equals(blueGreenStatus);
    }

    public static boolean switchedOver(String blueGreenStatus) {
        return SWITCHOVER_COMPLETED.equals(blueGreenStatus);
    }

    /** No switchover was ever started: green may still be discarded. */
    public static boolean beforeSwitchover(String blueGreenStatus) {
        return BG_BEFORE_SWITCHOVER.contains(blueGreenStatus);
    }

    /**
     * The deployment's replication stopped: "Replication degraded" (Aurora User Guide, "Viewing a blue/green
     * deployment"; the console shows it, and StatusDetails carries it).
     */
    public static boolean replicationDegraded(String statusDetails) {
        return statusDetails != null && statusDetails.toLowerCase(Locale.ROOT).contains("replication degraded");
    }

    private static ResourceStatus classify(String status, Set<String> failedForKind) {
        if (status == null) {
            return IN_PROGRESS;
        }
        String s = status.toLowerCase(Locale.ROOT);
        if (s.equals(AVAILABLE)) {
            return READY;
        }
        if (FAILED_COMMON.contains(s) || failedForKind.contains(s) || s.startsWith("incompatible-")) {
            return FAILED;
        }
        return IN_PROGRESS;
    }
}
