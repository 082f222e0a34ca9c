package dev.auroraupgrade.rds;

/** What Blue/Green deployments need per engine: the replication setting, version minimums, the lag metric. */
public final class BlueGreenRules {
    private BlueGreenRules() {
    }

    /** The cluster parameter that turns on the replication Blue/Green uses. */
    public static String replicationParameter(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? "binlog_format" : "rds.logical_replication";
    }

    public static String replicationValue(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? "ROW" : "1";
    }

    /** Aurora PostgreSQL supports Blue/Green from 11.21, 12.16, 13.12, 14.9, 15.4, 16.1 and 17.4; null when fine. */
    public static String postgresMinimumProblem(EngineVersion v) {
        if (!EngineVersion.POSTGRESQL.equals(v.engine())) {
            return null;
        }
        int needed = switch (v.major()) {
            case 11 -> 21;
            case 12 -> 16;
            case 13 -> 12;
            case 14 -> 9;
            case 15 -> 4;
            case 16 -> 1;
            case 17 -> 4;
            default -> v.major() < 11 ? Integer.MAX_VALUE : 0;
        };
        return v.minor() >= needed ? null
                : "Aurora PostgreSQL " + v + " does not support Blue/Green deployments (needs 11.21, 12.16, 13.12, 14.9, "
                  + "15.4, 16.1, 17.4 or later in its major)";
    }

    /**
     * The CloudWatch metric (namespace AWS/RDS, dimension DBClusterIdentifier of green) that measures how far
     * green lags behind blue, in seconds. MySQL: AuroraBinlogReplicaLag. PostgreSQL: ReplicaLag (unsure: Aurora
     * documents no seconds metric for Blue/Green logical replication; missing data is reported, never invented).
     */
    public static String lagMetric(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? "AuroraBinlogReplicaLag" : "ReplicaLag";
    }
}
