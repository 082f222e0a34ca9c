package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The cluster parameters a Blue/Green deployment replicates with, and how to make a group meet them.
 *
 * <p>Aurora MySQL: binary logging (binlog_format). Aurora PostgreSQL replicates logically, one slot, WAL sender and
 * apply worker per database: rds.logical_replication=1, and max_replication_slots, max_wal_senders and
 * max_logical_replication_workers each higher than the number of databases (rows of pg_database), with
 * max_worker_processes above max_logical_replication_workers (AWS Knowledge Center "rds-postgresql-blue-green-
 * deployment-error", incompatible replication parameters; PostgreSQL manual, "Logical Replication: Configuration
 * Settings"). Aurora's default of 4 logical replication workers is why a cluster with a few databases fails
 * creation with "incompatible parameter(s): [max_logical_replication_workers]" even with logical replication on.
 * The RDS API cannot count databases, so the input may ({@code postgresDatabaseCount}); without it the minimum
 * covers clusters of up to {@link #ASSUMED_POSTGRES_DATABASES} databases.
 */
public final class ReplicationSettings {
    /** Databases assumed when the input does not say: template0, template1, postgres, rdsadmin and 15 of the user's. */
    public static final int ASSUMED_POSTGRES_DATABASES = 19;
    /** PostgreSQL's own max_worker_processes default, kept free for parallel query and extensions when raising it. */
    static final int WORKER_HEADROOM = 8;

    /**
     * One required setting: an exact value, or a numeric minimum (raised to {@code raiseTo} when below). A minimum
     * with {@code defaultSuffices} is left alone when the group holds no number for it (an engine default such as
     * max_worker_processes' GREATEST(${DBInstanceClassMemory/9531392},8), which is far above any minimum here).
     */
    public record Setting(String name, String value, Integer minimum, boolean defaultSuffices) {
        public boolean isMet(String current) {
            if (minimum == null) {
                return value.equals(current);
            }
            Integer number = number(current);
            return number == null ? defaultSuffices : number >= minimum;
        }

        /** What the setting asks for, in words. */
        public String requirement() {
            return minimum == null ? value : "at least " + minimum;
        }
    }

    /** A change made (or, in a plan, to be made) to one parameter. */
    public record Change(String name, String from, String to, String requirement) {
        @Override
        public String toString() {
            return name + " " + (from == null ? "(default)" : from) + " -> " + to;
        }

        /** Why the group does not meet the setting, for an error that names it. */
        public String shortfall() {
            return name + " must be " + requirement + " (is " + (from == null ? "the engine default" : from) + ")";
        }
    }

    private ReplicationSettings() {
    }

    /** What a group must set for Blue/Green of this engine; {@code databases} is the PostgreSQL database count or null. */
    public static List<Setting> required(String engine, Integer databases) {
        if (EngineVersion.MYSQL.equals(engine)) {
            return List.of(new Setting("binlog_format", "ROW", null, false));
        }
        int perDatabase = (databases == null ? ASSUMED_POSTGRES_DATABASES : databases) + 1;
        return List.of(new Setting("rds.logical_replication", "1", null, false),
                new Setting("max_replication_slots", String.valueOf(perDatabase), perDatabase, false),
                new Setting("max_wal_senders", String.valueOf(perDatabase), perDatabase, false),
                new Setting("max_logical_replication_workers", String.valueOf(perDatabase), perDatabase, false),
                new Setting("max_worker_processes", String.valueOf(perDatabase + WORKER_HEADROOM), perDatabase + 1, true));
    }

    /** The settings a cluster parameter group does not meet yet, with what each would become. */
    public static List<Change> unmet(RdsClient rds, String group, List<Setting> settings) {
        Map<String, String> current = new LinkedHashMap<>();
        rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters()
                .forEach(p -> current.put(p.parameterName(), p.parameterValue()));
        List<Change> changes = new ArrayList<>();
        for (Setting s : settings) {
            String now = current.get(s.name());
            if (!s.isMet(now)) {
                changes.add(new Change(s.name(), now, s.value(), s.requirement()));
            }
        }
        return changes;
    }

    /**
     * Makes a cluster parameter group meet the settings, in one ModifyDBClusterParameterGroup (at most 20
     * parameters per call, RDS API reference); returns what changed. Only ever called on groups this tool owns or
     * on blue's own unshared group. All of these are static parameters: they apply at the writer's next reboot.
     */
    public static List<Change> apply(RdsClient rds, String group, List<Setting> settings) {
        List<Change> changes = unmet(rds, group, settings);
        if (!changes.isEmpty()) {
            rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(changes.stream()
                    .map(c -> Parameter.builder().parameterName(c.name()).parameterValue(c.to())
                            .applyMethod(ApplyMethod.PENDING_REBOOT).build()).toList()));
        }
        return changes;
    }

    private static Integer number(String value) {
        if (value == null || !value.matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(value);
    }
}
