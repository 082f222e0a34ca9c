package dev.auroraupgrade.local;

import static dev.auroraupgrade.local.BadInputCases.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidCapacityException;
import dev.auroraupgrade.errors.SourceNotAvailableException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.migration.PreflightMigration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rds.RdsClient;

/** Pre-flight against moto through the real SDK: decisions, defaults, and every bad input refused. */
class PreflightMigrationTest {
    private static RdsClient rds;
    private static BadInputCases.Fixture fixture;
    private final PreflightMigration preflight = new PreflightMigration(TestEmulator.rds(), TestEmulator.get().cloudWatch());

    @BeforeAll
    static void fixtures() {
        rds = TestEmulator.rds();
        fixture = BadInputCases.Fixture.create(rds);
    }

    private JsonNode plan(Map<String, Object> input) {
        return TestEmulator.invokeAs("PreflightMigrationFunction", preflight, Map.of("input", input, "executionName", "test-run"));
    }

    @Test
    void mysqlDefaultsComeFromTheSourceAndWhatRdsOffers() {
        JsonNode plan = plan(with(fixture.mysqlSource()));
        String source = fixture.mysqlSource();
        assertEquals(source + "-v2", plan.get("targetClusterIdentifier").asText());
        // RDS no longer offers the v1-era 2.11.4 for new clusters: the restore uses the highest 2.x it offers from
        // which the target is a direct upgrade, and the target is the highest Serverless v2 version reachable.
        assertEquals("5.7.mysql_aurora.2.12.6", plan.get("restoreEngineVersion").asText());
        assertEquals("8.0.mysql_aurora.3.10.0", plan.get("targetEngineVersion").asText());
        assertEquals("DescribeDBEngineVersions", plan.get("engineVersionSource").asText());
        assertTrue(notices(plan).anyMatch(n -> n.contains("restoring at 5.7.mysql_aurora.2.12.6, the highest version RDS "
                + "offers for the source's major")), plan.toString());
        assertTrue(plan.get("majorVersionUpgrade").asBoolean());
        assertEquals(0.5, plan.get("minCapacity").asDouble());
        assertEquals(8.0, plan.get("maxCapacity").asDouble(), "the v1 maximum carries over");
        assertEquals("db.r5.large", plan.get("provisionedInstanceClass").asText(), "AWS maps 8 ACU to db.r5.large");
        assertTrue(plan.get("deletionProtection").asBoolean());
        JsonNode polling = plan.get("polling");
        assertEquals(List.of(10, 300, 120, 7200), List.of(polling.get("minSeconds").asInt(), polling.get("maxSeconds").asInt(),
                polling.get("maxAttempts").asInt(), polling.get("maxWaitSeconds").asInt()),
                "adaptive polling between 10 s and 5 min; a loop gives up after 120 checks or 2 hours");
        assertEquals(180, polling.at("/firstWaitSeconds/snapshot").asInt(), "a snapshot, where it usually ends");
        assertEquals(source + "-v2-migration-snapshot", plan.get("snapshotIdentifier").asText());
        assertEquals(source + "-v2-writer", plan.get("writerInstanceIdentifier").asText());
        assertFalse(plan.get("resumed").asBoolean());
        assertTrue(notices(plan).anyMatch(n -> n.contains("picked 8.0.mysql_aurora.3.10.0")), plan.toString());
        assertTrue(notices(plan).anyMatch(n -> n.contains("the source auto-paused (v1)")), plan.toString());
    }

    @Test
    void aV1SourcesCapacityHistoryRecommendsTheRangeWhenTheInputGivesNone() {
        String source = TestEmulator.uniqueId("pf-hist");
        DemoClusters.createV1(rds, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 32);
        // Peaked at 6 ACU once in two weeks, never below 1.5 ACU on average in an hour.
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBClusterIdentifier", source, h -> h == 100 ? 6 : 1.5 + (h % 3));
        JsonNode plan = plan(with(source));
        assertEquals(7.5, plan.get("maxCapacity").asDouble(), "6 ACU + 25 % headroom, not v1's 32");
        assertEquals(1.5, plan.get("minCapacity").asDouble());
        assertTrue(notices(plan).anyMatch(n -> n.startsWith("capacity 1.5-7.5 ACU: recommended from ServerlessDatabaseCapacity")),
                plan.toString());
        assertEquals("db.r5.2xlarge", plan.get("provisionedInstanceClass").asText(), "the transient class still follows v1's 32");
    }

    @Test
    void withoutDescribeDbEngineVersionsTheBuiltInRulesDecideAndSaySo() {
        TestEmulator.get().serveEngineVersions(false); // as moto itself answers: "not implemented"
        JsonNode plan = plan(with(fixture.mysqlSource()));
        assertEquals("5.7.mysql_aurora.2.11.4", plan.get("restoreEngineVersion").asText());
        assertEquals("8.0.mysql_aurora.3.08.2", plan.get("targetEngineVersion").asText());
        assertTrue(plan.get("engineVersionSource").asText().startsWith("built-in rules (DescribeDBEngineVersions unavailable"),
                plan.get("engineVersionSource").asText());
        assertTrue(notices(plan).anyMatch(n -> n.contains("if RDS no longer offers it, the restore fails")), plan.toString());
    }

    @Test
    void aRestoreVersionRdsDoesNotOfferIsRefusedByName() {
        var e = assertThrows(UnsupportedEngineVersionException.class, () -> plan(with(fixture.mysqlSource(),
                "restoreEngineVersion", "5.7.mysql_aurora.2.11.6")));
        assertTrue(e.getMessage().contains("restoreEngineVersion '5.7.mysql_aurora.2.11.6' is not offered by RDS"), e.getMessage());
        assertTrue(e.getMessage().contains("5.7.mysql_aurora.2.12.5"), "names what is offered: " + e.getMessage());
    }

    @Test
    void postgresV1CapacityAboveTheVersionLimitIsCappedAndReported() {
        String source = TestEmulator.uniqueId("pf-pg");
        DemoClusters.createV1(rds, source, "aurora-postgresql", "13.12", 2, 384);
        JsonNode plan = plan(with(source));
        assertEquals("17.5", plan.get("targetEngineVersion").asText());
        assertEquals(256.0, plan.get("maxCapacity").asDouble());
        assertEquals("db.r5.24xlarge", plan.get("provisionedInstanceClass").asText());
        assertTrue(notices(plan).anyMatch(n -> n.contains("maxCapacity capped at 256 ACU")), plan.toString());
    }

    @Test
    void autoPauseIsAllowedWhereTheTargetVersionSupportsIt() {
        JsonNode plan = plan(with(fixture.mysqlSource(), "minCapacity", 0, "secondsUntilAutoPause", 600));
        assertEquals(0.0, plan.get("minCapacity").asDouble());
        assertEquals(600, plan.get("secondsUntilAutoPause").asInt());
        assertTrue(notices(plan).anyMatch(n -> n.contains("v1 auto-pause replaced by v2 automatic pause")), plan.toString());
        var e = assertThrows(InvalidCapacityException.class, () -> plan(with(fixture.mysqlSource(),
                "targetEngineVersion", "8.0.mysql_aurora.3.07.1", "minCapacity", 0)));
        assertTrue(e.getMessage().contains("'minCapacity'"), e.getMessage());
    }

    @Test
    void refusedDescribeDbEngineVersionsStopsThePreflightInsteadOfFallingBack() {
        // Only an endpoint that does not implement the call falls back to the built-in rules; AccessDenied must not.
        TestEmulator.get().iam().revoke("PreflightMigrationFunction", "rds:DescribeDBEngineVersions");
        var e = assertThrows(RuntimeException.class, () -> plan(with(fixture.mysqlSource())));
        assertEquals("AwsRequestFailedException", e.getClass().getSimpleName(), e.getMessage());
        assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
    }

    @Test
    void aParameterGroupNamedAsTheCarryOverButMadeBySomeoneElseIsAConflict() {
        String source = TestEmulator.uniqueId("pf-groupconflict");
        DemoClusters.createV1(rds, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(source + "-57").dbParameterGroupFamily("aurora-mysql5.7")
                .description("the team's"));
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(source).dbClusterParameterGroupName(source + "-57").applyImmediately(true));
        String taken = source + "-v2-aurora-mysql8-0";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(taken).dbParameterGroupFamily("aurora-mysql8.0")
                .description("someone else's"));
        var e = assertThrows(RuntimeException.class, () -> plan(with(source, "targetEngineVersion", "8.0.mysql_aurora.3.08.2")));
        assertEquals("ResourceConflictException", e.getClass().getSimpleName(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + taken + "' already exists"), e.getMessage());
    }

    @Test
    void dataApiOnTheSourceIsReported() {
        // moto keeps HttpEndpointEnabled for Serverless v1 clusters at the v1-era versions it lists (2.08.3 here).
        String source = TestEmulator.uniqueId("pf-dataapi");
        DemoClusters.createV1(rds, source, "aurora-mysql", "5.7.mysql_aurora.2.08.3", 1, 8);
        assertTrue(TestEmulator.get().cleanRds().describeDBClusters(r -> r.dbClusterIdentifier(source)).dbClusters().get(0)
                .httpEndpointEnabled(), "the emulator holds a source with the Data API on");
        JsonNode plan = plan(with(source));
        assertTrue(notices(plan).anyMatch(n -> n.contains("Data API (HttpEndpointEnabled) on; it is not carried over")),
                plan.toString());
        JsonNode old = plan(with(source, "targetEngineVersion", "8.0.mysql_aurora.3.04.0"));
        assertTrue(notices(old).anyMatch(n -> n.contains("does not support the Data API on Serverless v2")), old.toString());
    }

    @Test
    void aSourceThatIsNotAvailableIsRefused() {
        String source = TestEmulator.uniqueId("pf-busy");
        DemoClusters.createV1(rds, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 4);
        TestEmulator.get().statuses().setPendingPolls(1);
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(source).backupRetentionPeriod(3).applyImmediately(true));
        var e = assertThrows(SourceNotAvailableException.class, () -> plan(with(source)));
        assertTrue(e.getMessage().contains("is 'modifying'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.auroraupgrade.local.BadInputCases#arguments")
    void badInputIsRefusedWithANamedErrorNamingTheField(BadInputCases.Case c) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> plan(castInput(c.input().apply(fixture))));
        assertEquals(c.error(), e.getClass().getSimpleName(), e.getMessage());
        assertTrue(e.getMessage().contains(c.mentions()), "message: " + e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castInput(Object input) {
        return (Map<String, Object>) input;
    }

    private static java.util.stream.Stream<String> notices(JsonNode plan) {
        return StreamSupport.stream(plan.get("notices").spliterator(), false).map(JsonNode::asText);
    }
}
