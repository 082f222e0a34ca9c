package dev.auroraupgrade.rds;

/**
 * Built-in Serverless v2 version rules, used where DescribeDBEngineVersions cannot answer (the local
 * emulator). On AWS the API's ServerlessV2FeaturesSupport is the authority.
 */
public final class ServerlessV2Rules {
    /** Defaults when the input names no target version and the API cannot pick one. */
    public static final String DEFAULT_MYSQL_TARGET = "8.0.mysql_aurora.3.08.2";
    public static final String DEFAULT_POSTGRESQL_TARGET = "16.6";

    private ServerlessV2Rules() {
    }

    /** aurora-mysql 3.02.0+; aurora-postgresql 13.6+, 14.3+, 15.2+, 16 and later. */
    public static boolean supportsServerlessV2(EngineVersion v) {
        if (EngineVersion.MYSQL.equals(v.engine())) {
            return v.major() >= 3 && v.atLeast(3, 2, 0);
        }
        return switch (v.major()) {
            case 13 -> v.minor() >= 6;
            case 14 -> v.minor() >= 3;
            case 15 -> v.minor() >= 2;
            default -> v.major() >= 16;
        };
    }

    /** Minimum capacity 0 (automatic pause): aurora-mysql 3.08.0+; aurora-postgresql 13.15+, 14.12+, 15.7+, 16.3+, 17+. */
    public static boolean supportsAutoPause(EngineVersion v) {
        if (EngineVersion.MYSQL.equals(v.engine())) {
            return v.atLeast(3, 8, 0);
        }
        return atLeastPerMajor(v, 15, 12, 7, 3);
    }

    /** 256 ACU on aurora-mysql 3.06.0+ and aurora-postgresql 13.13+, 14.10+, 15.5+, 16.1+; 128 before. */
    public static double maxCapacity(EngineVersion v) {
        boolean large = EngineVersion.MYSQL.equals(v.engine())
                ? v.atLeast(3, 6, 0)
                : atLeastPerMajor(v, 13, 10, 5, 1);
        return large ? 256.0 : 128.0;
    }

    /** RDS Data API on Serverless v2: aurora-mysql 3.07.0+; aurora-postgresql 13.11+, 14.8+, 15.3+, 16.1+. */
    public static boolean supportsDataApi(EngineVersion v) {
        if (EngineVersion.MYSQL.equals(v.engine())) {
            return v.atLeast(3, 7, 0);
        }
        return atLeastPerMajor(v, 11, 8, 3, 1);
    }

    public static String defaultTarget(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? DEFAULT_MYSQL_TARGET : DEFAULT_POSTGRESQL_TARGET;
    }

    /** PostgreSQL: minimum minor for majors 13, 14, 15, 16; 17+ always; below 13 never. */
    private static boolean atLeastPerMajor(EngineVersion v, int min13, int min14, int min15, int min16) {
        return switch (v.major()) {
            case 13 -> v.minor() >= min13;
            case 14 -> v.minor() >= min14;
            case 15 -> v.minor() >= min15;
            case 16 -> v.minor() >= min16;
            default -> v.major() > 16;
        };
    }
}
