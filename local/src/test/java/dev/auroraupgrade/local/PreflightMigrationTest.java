package dev.auroraupgrade.local;

import static dev.auroraupgrade.local.BadInputCases.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidCapacityException;
import dev.auroraupgrade.errors.SourceNotAvailableException;
import dev.auroraupgrade.migration.PreflightMigration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;

/** Pre-flight against moto through the real SDK: decisions, defaults, and every bad input refused. */
class PreflightMigrationTest {
    private static RdsClient rds;
    private static BadInputCases.Fixture fixture;
    private final PreflightMigration preflight = new PreflightMigration(TestEmulator.rds());

    @BeforeAll
    static void fixtures() {
        rds = TestEmulator.rds();
        fixture = BadInputCases.Fixture.create(rds);
    }

    private JsonNode plan(Map<String, Object> input) {
        return TestEmulator.invoke(preflight, Map.of("input", input, "executionName", "test-run"));
    }

    @Test
    void mysqlDefaultsComeFromTheSourceAndTheVersionRules() {
        JsonNode plan = plan(with(fixture.mysqlSource()));
        String source = fixture.mysqlSource();
        assertEquals(source + "-v2", plan.get("targetClusterIdentifier").asText());
        assertEquals("8.0.mysql_aurora.3.08.2", plan.get("targetEngineVersion").asText());
        assertEquals("5.7.mysql_aurora.2.11.4", plan.get("restoreEngineVersion").asText());
        assertTrue(plan.get("engineVersionSource").asText().startsWith("built-in rules (DescribeDBEngineVersions unavailable"),
                plan.get("engineVersionSource").asText());
        assertTrue(plan.get("majorVersionUpgrade").asBoolean());
        assertEquals(0.5, plan.get("minCapacity").asDouble());
        assertEquals(8.0, plan.get("maxCapacity").asDouble(), "the v1 maximum carries over");
        assertEquals("db.r5.large", plan.get("provisionedInstanceClass").asText(), "AWS maps 8 ACU to db.r5.large");
        assertTrue(plan.get("deletionProtection").asBoolean());
        assertEquals(30, plan.get("pollIntervalSeconds").asInt());
        assertEquals(120, plan.get("maxPollAttempts").asInt());
        assertEquals(source + "-v2-migration-snapshot", plan.get("snapshotIdentifier").asText());
        assertEquals(source + "-v2-writer", plan.get("writerInstanceIdentifier").asText());
        assertFalse(plan.get("resumed").asBoolean());
        assertTrue(notices(plan).anyMatch(n -> n.contains("picked 8.0.mysql_aurora.3.08.2")), plan.toString());
        assertTrue(notices(plan).anyMatch(n -> n.contains("the source auto-paused (v1)")), plan.toString());
    }

    @Test
    void postgresV1CapacityAboveTheVersionLimitIsCappedAndReported() {
        String source = TestEmulator.uniqueId("pf-pg");
        DemoClusters.createV1(rds, source, "aurora-postgresql", "13.12", 2, 384);
        JsonNode plan = plan(with(source));
        assertEquals("16.6", plan.get("targetEngineVersion").asText());
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
    void dataApiOnTheSourceIsReported() {
        // moto does not keep HttpEndpointEnabled: a response rewrite stands in for a source with the Data API on.
        ExecutionInterceptor dataApiOn = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                return context.response() instanceof DescribeDbClustersResponse d
                        ? d.toBuilder().dbClusters(d.dbClusters().stream()
                            .map(c -> c.toBuilder().httpEndpointEnabled(true).build()).toList()).build()
                        : context.response();
            }
        };
        try (RdsClient withDataApi = RdsClient.builder().endpointOverride(TestEmulator.get().lambda().endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(dataApiOn)).build()) {
            JsonNode plan = TestEmulator.invoke(new PreflightMigration(withDataApi),
                    Map.of("input", with(fixture.mysqlSource()), "executionName", "t"));
            assertTrue(notices(plan).anyMatch(n -> n.contains("Data API (HttpEndpointEnabled) on; it is not carried over")),
                    plan.toString());
            JsonNode old = TestEmulator.invoke(new PreflightMigration(withDataApi), Map.of("input",
                    with(fixture.mysqlSource(), "targetEngineVersion", "8.0.mysql_aurora.3.04.0"), "executionName", "t"));
            assertTrue(notices(old).anyMatch(n -> n.contains("does not support the Data API on Serverless v2")), old.toString());
        }
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
