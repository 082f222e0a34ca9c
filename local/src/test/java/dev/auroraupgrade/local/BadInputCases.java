package dev.auroraupgrade.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The bad inputs of the migration, shared by the handler tests and the state machine tests: each must end
 * in its named error, with a message naming the field, before anything is changed in AWS.
 */
final class BadInputCases {
    /** A case: how to build the input for a fresh Serverless v1 MySQL source, and what must come back. */
    record Case(String name, Function<Fixture, Object> input, String error, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Resources a case may need, created before it runs. */
    record Fixture(String mysqlSource, String postgresSource, String v2Cluster, String foreignCluster, String nonAurora,
                   String snapshotTakenTarget, String writerTakenTarget, String oldFamilyGroup) {
        static Fixture create(RdsClient rds) {
            String mysql = TestEmulator.uniqueId("bad-mysql");
            DemoClusters.createV1(rds, mysql, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
            String pg = TestEmulator.uniqueId("bad-pg");
            DemoClusters.createV1(rds, pg, "aurora-postgresql", "13.12", 2, 16);
            String v2 = TestEmulator.uniqueId("bad-v2");
            rds.createDBCluster(r -> r.dbClusterIdentifier(v2).engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.04.0")
                    .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1")
                    .serverlessV2ScalingConfiguration(s -> s.minCapacity(0.5).maxCapacity(4.0)));
            rds.createDBInstance(r -> r.dbInstanceIdentifier(v2 + "-1").dbClusterIdentifier(v2).engine("aurora-mysql")
                    .dbInstanceClass("db.serverless"));
            String foreign = TestEmulator.uniqueId("bad-foreign");
            rds.createDBCluster(r -> r.dbClusterIdentifier(foreign).engine("aurora-mysql")
                    .engineVersion("8.0.mysql_aurora.3.04.0").masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1"));
            String plain = TestEmulator.uniqueId("bad-rdsmysql");
            rds.createDBCluster(r -> r.dbClusterIdentifier(plain).engine("mysql").engineVersion("8.0.35")
                    .dbClusterInstanceClass("db.m5d.large").allocatedStorage(100).storageType("io1").iops(1000)
                    .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1"));
            // Ids a migration needs, already taken by resources nobody tagged as this migration's.
            String snapshotTaken = TestEmulator.uniqueId("bad-snap-target");
            rds.createDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(snapshotTaken + "-migration-snapshot")
                    .dbClusterIdentifier(foreign));
            String writerTaken = TestEmulator.uniqueId("bad-writer-target");
            rds.createDBInstance(r -> r.dbInstanceIdentifier(writerTaken + "-writer").dbClusterIdentifier(foreign)
                    .engine("aurora-mysql").dbInstanceClass("db.r6g.large"));
            String oldFamily = TestEmulator.uniqueId("bad-group57");
            rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(oldFamily).dbParameterGroupFamily("aurora-mysql5.7")
                    .description("5.7 family"));
            return new Fixture(mysql, pg, v2, foreign, plain, snapshotTaken, writerTaken, oldFamily);
        }
    }

    static Map<String, Object> with(String source, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (source != null) {
            m.put("sourceClusterIdentifier", source);
        }
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static final List<Case> CASES = List.of(
            new Case("missing source", f -> with(null), "InvalidInputException", "'sourceClusterIdentifier' is required"),
            new Case("source starts with a digit", f -> with("1cluster"), "InvalidInputException", "must start with a letter"),
            new Case("source with double hyphen", f -> with("my--cluster"), "InvalidInputException", "two consecutive hyphens"),
            new Case("source with trailing hyphen", f -> with("my-cluster-"), "InvalidInputException", "must not end with a hyphen"),
            new Case("source longer than 63", f -> with("a".repeat(64)), "InvalidInputException", "longer than 63"),
            new Case("source with underscore", f -> with("my_cluster"), "InvalidInputException", "letters, digits and hyphens"),
            new Case("source id not a string", f -> with(null, "sourceClusterIdentifier", 42), "InvalidInputException", "'sourceClusterIdentifier'"),
            new Case("target with trailing hyphen", f -> with(f.mysqlSource(), "targetClusterIdentifier", "t-"), "InvalidInputException", "'targetClusterIdentifier'"),
            new Case("target equals source", f -> with(f.mysqlSource(), "targetClusterIdentifier", f.mysqlSource().toUpperCase()),
                    "InvalidInputException", "'targetClusterIdentifier' must differ"),
            new Case("unknown source", f -> with("no-such-cluster-anywhere"), "SourceClusterNotFoundException", "no-such-cluster-anywhere"),
            new Case("source not Aurora", f -> with(f.nonAurora()), "SourceNotSupportedException", "engine 'mysql'"),
            new Case("source already Serverless v2", f -> with(f.v2Cluster()), "SourceNotSupportedException", "already has a db.serverless"),
            new Case("target taken by another cluster", f -> with(f.mysqlSource(), "targetClusterIdentifier", f.foreignCluster()),
                    "ResourceConflictException", "already exists and was not created by a migration"),
            new Case("snapshot id taken by another snapshot", f -> with(f.mysqlSource(), "targetClusterIdentifier", f.snapshotTakenTarget()),
                    "ResourceConflictException", "cluster snapshot '" ),
            new Case("writer id taken by another instance", f -> with(f.mysqlSource(), "targetClusterIdentifier", f.writerTakenTarget()),
                    "ResourceConflictException", "DB instance '"),
            new Case("parameter group of the wrong family", f -> with(f.mysqlSource(), "targetEngineVersion", "8.0.mysql_aurora.3.08.2",
                    "dbClusterParameterGroupName", f.oldFamilyGroup()), "InvalidInputException", "is of family aurora-mysql5.7"),
            new Case("capacity not in 0.5 steps", f -> with(f.mysqlSource(), "minCapacity", 0.75), "InvalidCapacityException", "'minCapacity' = 0.75 is not a multiple of 0.5"),
            new Case("capacity above 256", f -> with(f.mysqlSource(), "maxCapacity", 300), "InvalidCapacityException", "'maxCapacity' = 300.0 is above 256"),
            new Case("capacity above the version's maximum", f -> with(f.mysqlSource(), "targetEngineVersion", "8.0.mysql_aurora.3.04.0", "maxCapacity", 200),
                    "InvalidCapacityException", "above the 128 ACU"),
            new Case("minimum 0 without auto-pause support", f -> with(f.mysqlSource(), "targetEngineVersion", "8.0.mysql_aurora.3.04.0", "minCapacity", 0),
                    "InvalidCapacityException", "'minCapacity' 0 (automatic pause) is not supported"),
            new Case("min greater than max", f -> with(f.mysqlSource(), "minCapacity", 8, "maxCapacity", 4), "InvalidCapacityException", "minCapacity 8 is greater than maxCapacity 4"),
            new Case("capacity of the wrong JSON type", f -> with(f.mysqlSource(), "minCapacity", "two"), "InvalidInputException", "'minCapacity' has the wrong JSON type"),
            new Case("engine version of the other engine", f -> with(f.mysqlSource(), "targetEngineVersion", "16.6"),
                    "UnsupportedEngineVersionException", "looks like an aurora-postgresql version"),
            new Case("engine version lower than the source", f -> with(f.postgresSource(), "targetEngineVersion", "13.7"),
                    "UnsupportedEngineVersionException", "lower than"),
            new Case("engine version without Serverless v2", f -> with(f.mysqlSource(), "targetEngineVersion", "8.0.mysql_aurora.3.01.0"),
                    "UnsupportedEngineVersionException", "does not support Aurora Serverless v2"),
            new Case("restore version of another major", f -> with(f.mysqlSource(), "restoreEngineVersion", "8.0.mysql_aurora.3.04.0"),
                    "UnsupportedEngineVersionException", "restoreEngineVersion"),
            new Case("negative poll interval", f -> with(f.mysqlSource(), "pollIntervalSeconds", -5), "InvalidInputException", "'pollIntervalSeconds' = -5"),
            new Case("absurd poll interval", f -> with(f.mysqlSource(), "pollIntervalSeconds", 86400), "InvalidInputException", "'pollIntervalSeconds' = 86400"),
            new Case("zero poll bound", f -> with(f.mysqlSource(), "maxPollAttempts", 0), "InvalidInputException", "'maxPollAttempts' = 0"),
            new Case("absurd poll bound", f -> with(f.mysqlSource(), "maxPollAttempts", 100000), "InvalidInputException", "'maxPollAttempts' = 100000"),
            new Case("both names of the poll floor", f -> with(f.mysqlSource(), "pollIntervalSeconds", 30, "minPollSeconds", 20),
                    "InvalidInputException", "'pollIntervalSeconds' is the older name of minPollSeconds"),
            new Case("poll ceiling below the floor", f -> with(f.mysqlSource(), "minPollSeconds", 60, "maxPollSeconds", 30),
                    "InvalidInputException", "'maxPollSeconds' = 30 is below minPollSeconds = 60"),
            new Case("time bound below the first wait", f -> with(f.mysqlSource(), "pollIntervalSeconds", 60, "maxWaitSeconds", 30),
                    "InvalidInputException", "'maxWaitSeconds' = 30 is below pollIntervalSeconds = 60"),
            new Case("absurd time bound", f -> with(f.mysqlSource(), "maxWaitSeconds", 864000), "InvalidInputException", "'maxWaitSeconds' = 864000"),
            new Case("fractional poll interval", f -> with(f.mysqlSource(), "pollIntervalSeconds", 1.5), "InvalidInputException", "'pollIntervalSeconds'"),
            new Case("boolean as a string", f -> with(f.mysqlSource(), "deletionProtection", "yes"), "InvalidInputException", "'deletionProtection'"),
            new Case("misspelled field", f -> with(f.mysqlSource(), "minCapcity", 1), "InvalidInputException", "'minCapcity' is not a known field"),
            new Case("serverless class as provisioned class", f -> with(f.mysqlSource(), "provisionedInstanceClass", "db.serverless"),
                    "InvalidInputException", "'provisionedInstanceClass'"),
            new Case("missing parameter group", f -> with(f.mysqlSource(), "dbClusterParameterGroupName", "no-such-group"),
                    "InvalidInputException", "'dbClusterParameterGroupName' = 'no-such-group' names no existing"));

    static List<Arguments> arguments() {
        return CASES.stream().map(Arguments::of).toList();
    }
}
