package dev.auroraupgrade.rds;

/**
 * Built-in Serverless v2 version rules, used where DescribeDBEngineVersions cannot answer (the local
 * emulator). On AWS the API's ServerlessV2FeaturesSupport is the authority. Figures from the Aurora User Guide
 * ("Requirements and limitations for Aurora Serverless v2") and the Aurora release notes.
 */
public final class ServerlessV2Rules {
    /** Defaults when the input names no target version and the API cannot pick one. */
    public static final String DEFAULT_MYSQL_TARGET = "8.0.mysql_aurora.3.08.2";
    public static final String DEFAULT_POSTGRESQL_TARGET = "16.6";

    /** Serverless v2 itself. */
    public static final VersionMinimums SERVERLESS_V2 = VersionMinimums.of(new int[] {3, 2, 0}, 16, 13, 6, 14, 3, 15, 2);
    /** Minimum capacity 0 (automatic pause). */
    public static final VersionMinimums AUTO_PAUSE = VersionMinimums.of(new int[] {3, 8, 0}, 17, 13, 15, 14, 12, 15, 7, 16, 3);
    /** A maximum of 256 ACU (128 before). */
    public static final VersionMinimums MAX_256_ACU = VersionMinimums.of(new int[] {3, 6, 0}, 17, 13, 13, 14, 10, 15, 5, 16, 1);
    /** The RDS Data API on Serverless v2. */
    public static final VersionMinimums DATA_API = VersionMinimums.of(new int[] {3, 7, 0}, 17, 13, 11, 14, 8, 15, 3, 16, 1);

    private ServerlessV2Rules() {
    }

    public static boolean supportsServerlessV2(EngineVersion v) {
        return SERVERLESS_V2.allows(v);
    }

    public static boolean supportsAutoPause(EngineVersion v) {
        return AUTO_PAUSE.allows(v);
    }

    public static double maxCapacity(EngineVersion v) {
        return MAX_256_ACU.allows(v) ? 256.0 : 128.0;
    }

    public static boolean supportsDataApi(EngineVersion v) {
        return DATA_API.allows(v);
    }

    public static String defaultTarget(String engine) {
        return EngineVersion.MYSQL.equals(engine) ? DEFAULT_MYSQL_TARGET : DEFAULT_POSTGRESQL_TARGET;
    }
}
