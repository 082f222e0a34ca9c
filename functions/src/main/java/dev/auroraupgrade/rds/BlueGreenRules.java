package dev.auroraupgrade.rds;

/** What Blue/Green deployments need per engine: the replication setting, version minimums, the lag metric. */
public final class BlueGreenRules {
    private BlueGreenRules() {
    }

    /** The cluster parameter that turns on the replication Blue/Green uses. */
    public static String replicationParameter(String engine) {
        return ReplicationSettings.required(engine, null).get(0).name();
    }

    public static String replicationValue(String engine) {
        return ReplicationSettings.required(engine, null).get(0).value();
    }

    /** Aurora PostgreSQL versions that support Blue/Green deployments (Aurora User Guide, Blue/Green limitations). */
    public static final VersionMinimums POSTGRES_BLUE_GREEN = VersionMinimums.of(null, 18, 11, 21, 12, 16, 13, 12, 14, 9,
            15, 4, 16, 1, 17, 4);

    /** Null when the version can take part in a Blue/Green deployment, else why not. */
    public static String postgresMinimumProblem(EngineVersion v) {
        if (!EngineVersion.POSTGRESQL.equals(v.engine()) || POSTGRES_BLUE_GREEN.allows(v)) {
            return null;
        }
        return "Aurora PostgreSQL " + v + " does not support Blue/Green deployments (needs "
                + POSTGRES_BLUE_GREEN.describePostgres() + ")";
    }

    /**
     * The CloudWatch metric (namespace AWS/RDS) that says, in seconds, how far green's writer lags behind blue, or
     * null when AWS publishes none. Aurora MySQL: AuroraBinlogReplicaLag, an instance metric that AWS recommends
     * reading with the WRITER role dimension (Aurora User Guide, "Instance-level metrics for Amazon Aurora").
     * Aurora PostgreSQL Blue/Green replicates logically; AWS points at OldestReplicationSlotLag on blue, which counts
     * bytes, not seconds: there is no seconds-based metric to gate on.
     */
    public static String lagMetric(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? "AuroraBinlogReplicaLag" : null;
    }

    /** Aurora MySQL's event scheduler: off on green while a deployment exists (Aurora blue/green limitations). */
    public static final String EVENT_SCHEDULER = "event_scheduler";

    /** A MySQL boolean parameter value that means on (ON, 1, TRUE; any case). */
    public static boolean isOn(String value) {
        return value != null && java.util.Set.of("ON", "1", "TRUE").contains(value.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * What the replication setting Blue/Green needs costs once on, for a plan to say. Aurora User Guide: binary
     * logging and logical replication add write I/O and storage, and "Scaling to zero ACUs with automatic pause and
     * resume": a writer with binlog replication or logical replication enabled does not pause.
     */
    public static String replicationCost(String engine) {
        return EngineVersion.MYSQL.equals(engine)
                ? "binary logging adds write I/O and binlog storage, and keeps a Serverless v2 writer from pausing at 0 ACU"
                : "logical replication keeps WAL for its slots (write overhead and storage), and keeps a Serverless v2 "
                    + "writer from pausing at 0 ACU";
    }

    /** Whether a cluster parameter group already has the engine's replication setting on (a default group: no). */
    public static boolean replicationOn(RdsLookup lookup, String engine, String group) {
        if (group == null || group.startsWith("default.")) {
            return false;
        }
        return replicationValue(engine).equalsIgnoreCase(String.valueOf(lookup.clusterParameter(group, replicationParameter(engine))));
    }
}
