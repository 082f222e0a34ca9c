package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Aurora engine version. For aurora-mysql the numbers are Aurora's own
 * ({@code 8.0.mysql_aurora.3.08.2} is 3.8.2); for aurora-postgresql they are PostgreSQL's (16.6).
 */
public record EngineVersion(String engine, String raw, int major, int minor, int patch)
        implements Comparable<EngineVersion> {
    public static final String MYSQL = "aurora-mysql";
    public static final String POSTGRESQL = "aurora-postgresql";

    private static final Pattern MYSQL_VERSION = Pattern.compile("(5\\.7|8\\.0)\\.mysql_aurora\\.(\\d+)\\.(\\d+)\\.(\\d+)");
    /**
     * Aurora MySQL 8.4 (GA 2026) numbers its versions like community MySQL: 8.4.7 is the first minor (Aurora User
     * Guide, "Aurora MySQL version 8.4"). Its numbers are taken as they are, so 8.4.x sorts above every 3.x.
     */
    private static final Pattern MYSQL_84_VERSION = Pattern.compile("(?:8\\.4\\.mysql_aurora\\.)?(8)\\.(4)\\.(\\d+)");
    private static final Pattern POSTGRES_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Comparator<EngineVersion> ORDER = Comparator.comparingInt(EngineVersion::major)
            .thenComparingInt(EngineVersion::minor).thenComparingInt(EngineVersion::patch);

    /** Parses {@code raw} as a version of {@code engine}; names {@code field} in the error. */
    public static EngineVersion parse(String field, String engine, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new UnsupportedEngineVersionException("'" + field + "' is empty");
        }
        String v = raw.trim();
        Matcher mysql = MYSQL_VERSION.matcher(v);
        Matcher pg = POSTGRES_VERSION.matcher(v);
        if (MYSQL.equals(engine)) {
            if (mysql.matches()) {
                return new EngineVersion(engine, v, Integer.parseInt(mysql.group(2)),
                        Integer.parseInt(mysql.group(3)), Integer.parseInt(mysql.group(4)));
            }
            Matcher mysql84 = MYSQL_84_VERSION.matcher(v);
            if (mysql84.matches()) {
                return new EngineVersion(engine, v, 8, 4, Integer.parseInt(mysql84.group(3)));
            }
            throw new UnsupportedEngineVersionException("'" + field + "' = '" + raw + "' is not an aurora-mysql version"
                    + (pg.matches() ? " (it looks like an aurora-postgresql version)" : "")
                    + "; expected a form like 8.0.mysql_aurora.3.08.2 or 8.4.7");
        }
        if (POSTGRESQL.equals(engine)) {
            if (pg.matches()) {
                return new EngineVersion(engine, v, Integer.parseInt(pg.group(1)), Integer.parseInt(pg.group(2)),
                        pg.group(3) == null ? 0 : Integer.parseInt(pg.group(3)));
            }
            throw new UnsupportedEngineVersionException("'" + field + "' = '" + raw + "' is not an aurora-postgresql version"
                    + (mysql.matches() ? " (it looks like an aurora-mysql version)" : "")
                    + "; expected a form like 16.6");
        }
        throw new UnsupportedEngineVersionException("engine '" + engine + "' is not aurora-mysql or aurora-postgresql");
    }

    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new EngineVersion(engine, "", major, minor, patch)) >= 0;
    }

    public boolean sameMajor(EngineVersion other) {
        return major == other.major;
    }

    /** The DB parameter group family of this version (aurora-mysql8.0, aurora-postgresql16, ...). */
    public String parameterGroupFamily() {
        if (MYSQL.equals(engine)) {
            return switch (major) {
                case 2 -> "aurora-mysql5.7";
                case 3 -> "aurora-mysql8.0";
                default -> "aurora-mysql" + major + "." + minor;
            };
        }
        return engine + major;
    }

    @Override
    public int compareTo(EngineVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return raw;
    }
}
