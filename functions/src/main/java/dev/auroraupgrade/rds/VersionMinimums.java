package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From which engine versions a feature is available: an Aurora MySQL version (Aurora's own numbers, 3.2.0 for
 * 8.0.mysql_aurora.3.02.0) and, for Aurora PostgreSQL, the first minor per major plus a major from which every
 * version has it. Rules and the messages that quote them are both read from here.
 */
public record VersionMinimums(int[] mysql, Map<Integer, Integer> postgresMinorByMajor, int postgresAllFrom) {
    /** {@code mysql} null: no Aurora MySQL version has it (or the rule is PostgreSQL-only). */
    public static VersionMinimums of(int[] mysql, int postgresAllFrom, int... postgresMajorMinorPairs) {
        Map<Integer, Integer> minors = new TreeMap<>();
        for (int i = 0; i < postgresMajorMinorPairs.length; i += 2) {
            minors.put(postgresMajorMinorPairs[i], postgresMajorMinorPairs[i + 1]);
        }
        return new VersionMinimums(mysql, minors, postgresAllFrom);
    }

    public boolean allows(EngineVersion v) {
        if (EngineVersion.MYSQL.equals(v.engine())) {
            return mysql != null && v.atLeast(mysql[0], mysql[1], mysql[2]);
        }
        Integer minor = postgresMinorByMajor.get(v.major());
        return minor != null ? v.minor() >= minor : v.major() >= postgresAllFrom;
    }

    /** The PostgreSQL minimums, for example "13.6+, 14.3+, 15.2+, 16 and later". */
    public String describePostgres() {
        List<String> parts = new ArrayList<>();
        postgresMinorByMajor.forEach((major, minor) -> parts.add(major + "." + minor + "+"));
        parts.add(postgresAllFrom + " and later");
        return String.join(", ", parts);
    }

    /** Both engines, for example "aurora-mysql 3.02.0+, aurora-postgresql 13.6+, 14.3+, 15.2+, 16 and later". */
    public String describe() {
        return (mysql == null ? "" : "aurora-mysql " + mysql[0] + "." + String.format("%02d", mysql[1]) + "." + mysql[2]
                + "+, ") + "aurora-postgresql " + describePostgres();
    }
}
