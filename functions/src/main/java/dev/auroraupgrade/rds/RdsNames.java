package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/** RDS identifier rules and the deterministic names of everything a migration creates. */
public final class RdsNames {
    public static final int MAX_CLUSTER_ID = 63;
    public static final int MAX_INSTANCE_ID = 63;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9-]*");

    private RdsNames() {
    }

    /** Validates an RDS cluster identifier and returns it lower-cased, as RDS stores it. */
    public static String clusterIdentifier(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required (an RDS DB cluster identifier)");
        }
        String id = value.toLowerCase(Locale.ROOT);
        String problem = identifierProblem(id, MAX_CLUSTER_ID);
        if (problem != null) {
            throw new InvalidInputException(field, "'" + value + "' is not a valid DB cluster identifier: " + problem);
        }
        return id;
    }

    static String identifierProblem(String id, int maxLength) {
        if (id.length() > maxLength) {
            return "longer than " + maxLength + " characters";
        }
        if (!Character.isLetter(id.charAt(0)) || id.charAt(0) > 'z') {
            return "must start with a letter";
        }
        if (!IDENTIFIER.matcher(id).matches()) {
            return "only letters, digits and hyphens are allowed";
        }
        if (id.contains("--")) {
            return "must not contain two consecutive hyphens";
        }
        if (id.endsWith("-")) {
            return "must not end with a hyphen";
        }
        return null;
    }

    /** Default target: {@code <source>-v2}, shortened to stay a valid identifier. */
    public static String defaultTargetCluster(String source) {
        return withSuffix(source, "-v2", MAX_CLUSTER_ID);
    }

    /** The migration snapshot, one per target: a re-run finds and reuses it. */
    public static String migrationSnapshot(String target) {
        return target + "-migration-snapshot";
    }

    /** The writer instance of the restored cluster. */
    public static String writerInstance(String target) {
        return withSuffix(target, "-writer", MAX_INSTANCE_ID);
    }

    /** The rehearsal's clone of a cluster, one per cluster: a re-run finds it (and only a clone tagged for it). */
    public static String rehearsalClone(String cluster) {
        return withSuffix(cluster, "-rehearsal", MAX_CLUSTER_ID);
    }

    /** The clone's one writer; its suffix survives any cut (the rehearsal functions' IAM grants match on it). */
    public static String rehearsalInstance(String cluster) {
        return withSuffix(cluster, "-rehearsal-1", MAX_INSTANCE_ID);
    }

    /** The custom cluster parameter group carrying the replication setting, per cluster and family. */
    public static String replicationParameterGroup(String cluster, String family) {
        return cluster + "-replication-" + family.replace('.', '-');
    }

    /** Green's own cluster parameter group of blue's family, when green may not share blue's (event_scheduler). */
    public static String greenParameterGroup(String cluster, String family) {
        return cluster + "-green-" + family.replace('.', '-');
    }

    /** A cluster parameter group carrying a cluster's custom settings into a new family. */
    public static String clusterParameterGroup(String cluster, String family) {
        return cluster + "-" + family.replace('.', '-');
    }

    /** A DB (instance) parameter group carrying a cluster's custom instance settings into a new family. */
    public static String instanceParameterGroup(String cluster, String family) {
        return cluster + "-instance-" + family.replace('.', '-');
    }

    /** The k-th db.serverless instance the in-place route adds to a cluster (k from 1). */
    public static String serverlessInstance(String cluster, int k) {
        return withSuffix(cluster, "-serverless-" + k, MAX_INSTANCE_ID);
    }

    /**
     * A child execution's name when its deterministic name is taken by an ended run: the same name plus a hash of
     * the parent execution's name (Step Functions execution names: 1-80 letters, digits, - and _).
     */
    public static String retryExecution(String childName, String parentExecutionName) {
        String hash = String.format("%08x", (parentExecutionName == null ? "" : parentExecutionName).hashCode());
        return withSuffix(childName, "-" + hash, 80);
    }

    /** The tag every child execution of one fleet run starts with: 8 hex digits of the fleet run's id. */
    public static String fleetRunTag(String fleetRunId) {
        return String.format("%08x", fleetRunId.hashCode());
    }

    /**
     * A fleet's child execution for one cluster: {@code <run tag>-<input tag>-<cluster>} (at most 79 of Step
     * Functions' 80 characters). The same fleetRunId and the same child input give the same name, so a re-run finds
     * the child; another input (a dry run, changed defaults) is another child, never an earlier one's result.
     */
    public static String fleetChild(String runTag, String inputTag, String cluster) {
        return runTag + "-" + inputTag + "-" + cluster;
    }

    /**
     * The snapshot an old blue is deleted after: {@code <old blue>-final-<its resource id>}. The resource id stays
     * with the cluster for life, so a re-run (another day) finds the same snapshot, and a later upgrade's old blue of
     * the same name gets another one. A cluster snapshot identifier: 1-255 letters, digits and hyphens, a letter
     * first (RDS API reference, CreateDBClusterSnapshot); resource ids are letters and digits after "cluster-".
     */
    public static String oldBlueFinalSnapshot(String oldBlue, String resourceId) {
        String id = resourceId.toLowerCase(Locale.ROOT).replaceFirst("^cluster-", "").replaceAll("[^a-z0-9]", "");
        return oldBlue + "-final-" + id;
    }

    /** Whether {@code name} is the final snapshot of an old blue of {@code cluster} ({@code <cluster>-oldN-final-...}). */
    public static boolean isOldBlueFinalSnapshot(String cluster, String name) {
        return name != null && Pattern.matches(Pattern.quote(cluster) + "-old\\d{1,4}-final-[a-z0-9]+", name);
    }

    /** The Blue/Green deployment of one cluster to one target version (1-60 characters, unique per region). */
    public static String blueGreenDeployment(String cluster, String targetVersion) {
        String version = targetVersion.replaceAll("[^A-Za-z0-9]+", "-");
        String name = cluster + "-to-" + version;
        if (name.length() <= 60) {
            return name;
        }
        // Keep it unique when the cluster part must be cut: a short hash of the full cluster id.
        String hash = Integer.toHexString(cluster.hashCode() & 0xfffff);
        return withSuffix(cluster, "-" + hash + "-to-" + version, 60);
    }

    private static String withSuffix(String base, String suffix, int maxLength) {
        String head = base.length() + suffix.length() <= maxLength
                ? base : base.substring(0, maxLength - suffix.length());
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + suffix;
    }
}
