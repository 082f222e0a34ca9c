package dev.auroraupgrade.local;

import static dev.auroraupgrade.local.BadInputCases.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.migration.CreateClusterSnapshot;
import dev.auroraupgrade.rds.OwnershipTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The real statemachine/migrate-serverless-v1-to-v2.asl.json on moto's Step Functions interpreter, its Lambda
 * tasks served by the real handler classes, RDS served by moto.
 */
class MigrationWorkflowTest {
    static final String MACHINE = "MigrateServerlessV1ToV2StateMachine";
    /** Every readiness check of the definition (the Check state of each Wait/Check/Choice loop). */
    static final List<String> LOOP_CHECKS = loopChecks();
    private static BadInputCases.Fixture fixture;
    private LocalEnvironment env;
    private RdsClient rds;

    @BeforeAll
    static void fixtures() {
        fixture = BadInputCases.Fixture.create(TestEmulator.rds());
    }

    @BeforeEach
    void emulator() {
        env = TestEmulator.get();
        rds = env.cleanRds(); // judge (and set up) what moto holds, never through the local layer
        env.statuses().setPendingPolls(1); // every loop checks twice
    }

    @Test
    void mysqlServerlessV1BecomesServerlessV2AndTheSourceIsUntouched() throws Exception {
        String source = mysqlV1();
        DBCluster before = cluster(source);
        var ex = migrate(fast(source, "targetEngineVersion", "8.0.mysql_aurora.3.08.2", "maxCapacity", 8));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        String target = source + "-v2";
        assertEquals(target, out.get("targetClusterIdentifier").asText());
        assertEquals("8.0.mysql_aurora.3.08.2", out.get("engineVersion").asText());
        assertTrue(out.get("endpoint").asText().startsWith(target + ".cluster-"), out.toString());
        assertEquals(0.5, out.get("minCapacity").asDouble());
        assertEquals(8.0, out.get("maxCapacity").asDouble());
        assertEquals("db.serverless", out.get("writerInstanceClass").asText());
        assertEquals(target + "-migration-snapshot", out.get("snapshotIdentifier").asText());
        assertFalse(out.get("sourceModified").asBoolean());
        assertEquals(List.of("preflight", "snapshot", "restoreCluster", "createWriter", "upgradeParameterGroups", "upgrade",
                "scaling", "serverlessWriter", "verify"), texts(out.get("steps"), "step"));
        // The timeline is real: every step started in order, within the execution.
        List<java.time.Instant> starts = texts(out.get("steps"), "startedAt").stream().map(java.time.Instant::parse).toList();
        for (int i = 1; i < starts.size(); i++) {
            assertFalse(starts.get(i).isBefore(starts.get(i - 1)), "steps in order: " + starts);
        }
        assertFalse(starts.get(0).isBefore(ex.events().get(0).timestamp().minusSeconds(1)), "not before the execution");
        for (String check : LOOP_CHECKS) {
            assertTrue(ex.entered(check) >= 2, check + " polled " + ex.entered(check) + " times");
        }

        DBCluster v2 = cluster(target);
        assertEquals("8.0.mysql_aurora.3.08.2", v2.engineVersion());
        assertEquals("provisioned", v2.engineMode());
        assertEquals(8.0, v2.serverlessV2ScalingConfiguration().maxCapacity());
        assertTrue(v2.deletionProtection());
        assertEquals(before.port(), v2.port());
        assertEquals(before.vpcSecurityGroups().get(0).vpcSecurityGroupId(), v2.vpcSecurityGroups().get(0).vpcSecurityGroupId());
        assertEquals("payments", OwnershipTags.value(v2.tagList(), "team"), "source tags carry over");
        assertEquals(source, OwnershipTags.value(v2.tagList(), OwnershipTags.SOURCE));
        assertEquals(ex.arn().substring(ex.arn().lastIndexOf(':') + 1), OwnershipTags.value(v2.tagList(), OwnershipTags.EXECUTION));
        List<DBInstance> members = instancesOf(target);
        assertEquals(1, members.size());
        assertEquals("db.serverless", members.get(0).dbInstanceClass());
        assertSourceUnchanged(before, cluster(source));
    }

    @Test
    void postgresServerlessV1BecomesServerlessV2() throws Exception {
        String source = TestEmulator.uniqueId("e2e-pg");
        DemoClusters.createV1(rds, source, "aurora-postgresql", "13.12", 2, 16);
        DBCluster before = cluster(source);
        var ex = migrate(fast(source, "targetEngineVersion", "16.6", "minCapacity", 1));
        assertSucceeded(ex);
        JsonNode out = TestEmulator.JSON.readTree(ex.output());
        assertEquals("aurora-postgresql", out.get("engine").asText());
        assertEquals("16.6", out.get("engineVersion").asText());
        assertEquals(1.0, out.get("minCapacity").asDouble());
        assertEquals(16.0, out.get("maxCapacity").asDouble(), "the v1 maximum carries over");
        assertEquals(5432, out.get("port").asInt());
        for (String check : LOOP_CHECKS) {
            assertTrue(ex.entered(check) >= 2, check + " polled " + ex.entered(check) + " times");
        }
        assertEquals("db.serverless", instancesOf(source + "-v2").get(0).dbInstanceClass());
        assertSourceUnchanged(before, cluster(source));
    }

    @Test
    void aCustomSourceParameterGroupIsCarriedIntoTheNewFamilyAndWhatItLacksIsNamed() throws Exception {
        String source = mysqlV1();
        String group = source + "-custom-57";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql5.7")
                .description("the team's settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("long_query_time").parameterValue("2").applyMethod("immediate"),
                p -> p.parameterName("query_cache_type").parameterValue("0").applyMethod("pending-reboot")));
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(source).dbClusterParameterGroupName(group).applyImmediately(true));
        var ex = migrate(fast(source, "targetEngineVersion", "8.0.mysql_aurora.3.08.2"));
        assertSucceeded(ex);
        String target = source + "-v2";
        String carried = target + "-aurora-mysql8-0";
        assertEquals(carried, cluster(target).dbClusterParameterGroup(), "the upgrade used the new-family group");
        var values = rds.describeDBClusterParameters(r -> r.dbClusterParameterGroupName(carried)).parameters();
        assertTrue(values.stream().anyMatch(p -> p.parameterName().equals("long_query_time") && "2".equals(p.parameterValue())));
        assertTrue(values.stream().noneMatch(p -> p.parameterName().equals("query_cache_type")), "8.0 has no query cache");
        JsonNode step = StreamSupport.stream(TestEmulator.JSON.readTree(ex.output()).get("steps").spliterator(), false)
                .filter(n -> n.get("step").asText().equals("upgradeParameterGroups")).findFirst().orElseThrow();
        assertEquals("CREATED", step.get("action").asText());
        assertTrue(step.get("detail").asText().contains("not carried") && step.get("detail").asText().contains("query_cache_type"),
                step.toString());
    }

    @Test
    void withoutAMajorUpgradeTheInputsClusterParameterGroupIsStillApplied() throws Exception {
        String source = TestEmulator.uniqueId("e2e-pg13");
        DemoClusters.createV1(rds, source, "aurora-postgresql", "13.12", 2, 8);
        String group = source + "-pg13";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-postgresql13")
                .description("target group"));
        var ex = migrate(fast(source, "targetEngineVersion", "13.20", "dbClusterParameterGroupName", group));
        assertSucceeded(ex);
        assertEquals("13.20", cluster(source + "-v2").engineVersion());
        assertEquals(group, cluster(source + "-v2").dbClusterParameterGroup(), "applied although no upgrade ran");
    }

    @Test
    void whatADbaConfiguredOnTheSourceIsCarriedOverToTheTarget() throws Exception {
        String source = TestEmulator.uniqueId("e2e-carry");
        String key = "arn:aws:kms:us-east-1:123456789012:key/0000-local-test";
        String subnets = TestEmulator.subnetGroup(source + "-subnets");
        rds.createDBCluster(r -> r.dbClusterIdentifier(source).engine("aurora-mysql").engineVersion("5.7.mysql_aurora.2.11.4")
                .dbSubnetGroupName(subnets)
                .engineMode("serverless").masterUsername("dbadmin").masterUserPassword("local-only-secret-1")
                .scalingConfiguration(c -> c.minCapacity(1).maxCapacity(4).autoPause(false))
                .backupRetentionPeriod(14).preferredBackupWindow("03:10-03:40")
                .enableIAMDatabaseAuthentication(true).copyTagsToSnapshot(true)
                .enableCloudwatchLogsExports("audit", "error").storageEncrypted(true).kmsKeyId(key).port(3307)
                .tags(t -> t.key("cost-center").value("db-42")));
        var ex = migrate(fast(source, "targetEngineVersion", "8.0.mysql_aurora.3.08.2",
                "restoreEngineVersion", "5.7.mysql_aurora.2.12.4"));
        assertSucceeded(ex);
        // moto restores some of these from the snapshot on its own (AWS does not): what the workflow asked for is
        // checked on the request itself, and the result on the cluster moto holds.
        Map<String, String> asked = env.lambda().lastRdsRequest("RestoreDBClusterFromSnapshot");
        assertEquals("14", asked.get("BackupRetentionPeriod"), asked.toString());
        assertEquals("03:10-03:40", asked.get("PreferredBackupWindow"), asked.toString());
        assertEquals("true", asked.get("EnableIAMDatabaseAuthentication"), asked.toString());
        assertEquals("true", asked.get("CopyTagsToSnapshot"), asked.toString());
        assertTrue(asked.containsValue("audit") && asked.containsValue("error"), asked.toString());
        assertEquals(key, asked.get("KmsKeyId"), asked.toString());
        assertEquals("3307", asked.get("Port"), asked.toString());
        assertEquals(subnets, asked.get("DBSubnetGroupName"), asked.toString());
        assertEquals("false", env.lambda().lastRdsRequest("CreateDBInstance").get("PubliclyAccessible"));
        DBCluster target = cluster(source + "-v2");
        assertEquals(14, target.backupRetentionPeriod());
        assertEquals("03:10-03:40", target.preferredBackupWindow());
        assertTrue(target.iamDatabaseAuthenticationEnabled());
        assertTrue(target.copyTagsToSnapshot());
        assertEquals(List.of("audit", "error"), target.enabledCloudwatchLogsExports());
        assertTrue(target.storageEncrypted());
        assertEquals(key, target.kmsKeyId());
        assertEquals(3307, target.port());
        assertEquals(subnets, target.dbSubnetGroup());
        assertEquals("db-42", OwnershipTags.value(target.tagList(), "cost-center"));
        assertTrue(target.deletionProtection());
        DBInstance writer = instancesOf(source + "-v2").get(0);
        assertFalse(writer.publiclyAccessible(), "the writer is not publicly accessible");
        JsonNode restore = StreamSupport.stream(TestEmulator.JSON.readTree(ex.output()).get("steps").spliterator(), false)
                .filter(n -> n.get("step").asText().equals("restoreCluster")).findFirst().orElseThrow();
        assertTrue(restore.get("detail").asText().contains("at 5.7.mysql_aurora.2.12.4"), restore.toString());
    }

    @Test
    void aFailedUpgradeEndsWithItsNamedErrorAndSaysWhatExists() {
        String source = mysqlV1();
        DBCluster before = cluster(source);
        env.statuses().failAfter("upgrade", "upgrade_failed");
        var ex = migrate(fast(source));
        assertEquals("FAILED", ex.status());
        assertEquals("ResourceFailedException", ex.error());
        String target = source + "-v2";
        assertTrue(ex.cause().contains("DB cluster '" + target + "' is in status 'upgrade_failed'"), ex.cause());
        assertTrue(ex.cause().contains("cluster snapshot '" + target + "-migration-snapshot' (available)"), ex.cause());
        assertTrue(ex.cause().contains("cluster '" + target + "' (upgrade_failed"), ex.cause());
        assertTrue(ex.cause().contains("instance '" + target + "-writer'"), ex.cause());
        assertTrue(ex.cause().contains("The source cluster '" + source + "' was not modified."), ex.cause());
        assertEquals(0, ex.entered("ApplyServerlessV2Scaling"), "nothing runs after the failure");
        assertSourceUnchanged(before, cluster(source));
    }

    @Test
    void throttlingAndATransientLambdaErrorAreRetried() {
        String source = mysqlV1();
        int snapshotCalls = env.lambda().invocations("CreateClusterSnapshotFunction");
        // More throttles than the SDK's own 3 attempts: the handler reports TransientAwsException, the ASL retries.
        env.lambda().throttleRds("DescribeDBClusters", 4);
        // The first snapshot step takes its snapshot and then fails as a Lambda service error: the retry must
        // find that snapshot, not take a second one.
        env.lambda().failAfterHandler("CreateClusterSnapshotFunction", 1);
        var ex = migrate(fast(source));
        assertSucceeded(ex);
        List<String> failures = failedTaskErrors(ex.events());
        assertTrue(failures.contains("dev.auroraupgrade.errors.TransientAwsException"), failures.toString());
        assertTrue(failures.contains("Lambda.ServiceException"), failures.toString());
        assertEquals(snapshotCalls + 2, env.lambda().invocations("CreateClusterSnapshotFunction"));
        assertEquals(1, ownedSnapshots(source), "the retried step created one snapshot");
    }

    @Test
    void createsWhoseResponseWasLostConvergeInTheSameRun() throws Exception {
        String source = mysqlV1();
        // RDS applies each create, the response is lost, the SDK retries and meets "already exists".
        for (String action : List.of("CreateDBClusterSnapshot", "RestoreDBClusterFromSnapshot", "CreateDBInstance")) {
            env.lambda().loseResponses(action, 1);
        }
        var ex = migrate(fast(source));
        assertSucceeded(ex);
        assertEquals(List.of("CHECKED", "CREATED", "CREATED", "CREATED", "SKIPPED", "MODIFIED", "MODIFIED", "MODIFIED", "CHECKED"),
                texts(TestEmulator.JSON.readTree(ex.output()).get("steps"), "action"));
        assertEquals(1, ownedSnapshots(source));
        assertEquals(1, instancesOf(source + "-v2").size());
    }

    @Test
    void executionNamesOutsideTheTagCharacterSetStillTagEverything() {
        String source = mysqlV1();
        // Step Functions allows characters in execution names that RDS refuses in tag values (the local layer
        // refuses them as RDS does).
        var ex = env.execute(MACHINE, "db's-upgrade(1)!", json(fast(source)), Duration.ofMinutes(5));
        assertSucceeded(ex);
        assertEquals("db_s-upgrade_1__", OwnershipTags.value(cluster(source + "-v2").tagList(), OwnershipTags.EXECUTION));
    }

    @Test
    void throttlingThatOutlivesEveryRetryEndsAsTransientAwsException() {
        // Every attempt throttled: the SDK's own three in each of the state machine's six (1 + 5 retries, about 90 s).
        String source = mysqlV1();
        env.lambda().throttleRds("DescribeDBClusterSnapshots", 1000);
        var ex = migrate(fast(source));
        assertEquals("FAILED", ex.status());
        assertEquals("TransientAwsException", ex.error());
        assertTrue(ex.cause().contains("Throttling"), ex.cause());
        assertEquals(6, failedTaskErrors(ex.events()).stream()
                .filter("dev.auroraupgrade.errors.TransientAwsException"::equals).count(), "every retry was used");
        assertTrue(ex.cause().contains("The source cluster '" + source + "' was not modified."), ex.cause());
    }

    @Test
    void aLoopThatExceedsItsBoundFailsNamingWhatItWaitedFor() {
        String source = mysqlV1();
        env.statuses().setPendingPolls(5);
        var ex = migrate(fast(source, "maxPollAttempts", 2));
        assertEquals("FAILED", ex.status());
        assertEquals("PollLimitExceeded", ex.error());
        assertEquals(2, ex.entered("CheckSnapshot"));
        assertTrue(ex.cause().contains("Gave up waiting for the cluster snapshot"), ex.cause());
        assertTrue(ex.cause().contains("is 'creating' after check 2"), ex.cause());
        assertTrue(ex.cause().contains("maxPollAttempts = 2"), ex.cause());
        assertTrue(ex.cause().contains("The source cluster '" + source + "' was not modified."), ex.cause());
    }

    @Test
    void aLoopWaitsWhatEachCheckAnsweredAndGivesUpAtItsTimeBound() throws JsonProcessingException {
        String source = mysqlV1();
        env.statuses().setPendingPolls(20);
        var ex = migrate(with(source, "minPollSeconds", 1, "maxPollSeconds", 2, "maxPollAttempts", 10, "maxWaitSeconds", 5));
        assertEquals("PollLimitExceeded", ex.error(), ex.cause());
        // The entry Wait takes the plan's first wait (a snapshot's typical 3 minutes, within maxPollSeconds); each
        // later one what the check before it answered (maxPollSeconds, as the typical end is far off), the last one
        // cut to end at the time bound.
        List<Integer> waits = new ArrayList<>();
        for (var e : ex.events()) {
            if (e.stateEnteredEventDetails() != null && e.stateEnteredEventDetails().name().startsWith("WaitAgainForSnapshot")) {
                waits.add(TestEmulator.JSON.readTree(e.stateEnteredEventDetails().input())
                        .at("/steps/" + CreateClusterSnapshot.STEP + "/poll/nextPollSeconds").asInt());
            }
        }
        assertEquals(1, ex.entered("WaitForSnapshot"));
        assertEquals(List.of(2, 1), waits, "2 s (maxPollSeconds), then 1 s to end at maxWaitSeconds = 5");
        assertEquals(3, ex.entered("CheckSnapshot"), "the attempt bound (10) was not what ended it");
        assertTrue(ex.cause().contains("is 'creating' after check 3 (5 s waited)"), ex.cause());
        assertTrue(ex.cause().contains("maxWaitSeconds = 5"), ex.cause());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.auroraupgrade.local.BadInputCases#arguments")
    void badInputFailsBeforeAnythingIsCreated(BadInputCases.Case c) throws JsonProcessingException {
        long[] before = inventory();
        var ex = env.execute(MACHINE, TestEmulator.uniqueId("bad"), TestEmulator.JSON.writeValueAsString(c.input().apply(fixture)),
                Duration.ofMinutes(2));
        assertEquals("FAILED", ex.status());
        assertEquals(c.error(), ex.error(), ex.cause());
        assertTrue(ex.cause().contains(c.mentions()), ex.cause());
        assertTrue(ex.cause().contains("Nothing was created"), ex.cause());
        assertEquals(1, ex.entered("PreflightMigration"));
        assertEquals(0, ex.entered("CreateClusterSnapshot"));
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(inventory()), "clusters, instances, snapshots");
    }

    @Test
    void aRerunAfterAMidwayFailureResumesWithoutDuplicates() throws Exception {
        String source = mysqlV1();
        String target = source + "-v2";
        env.statuses().failAfter("createInstance", "incompatible-network");
        var first = migrate(fast(source));
        assertEquals("FAILED", first.status());
        assertEquals("ResourceFailedException", first.error());
        assertTrue(first.cause().contains("instance '" + target + "-writer' (incompatible-network"), first.cause());

        var refused = migrate(fast(source)); // nothing fixed yet: the failed leftover is refused, not reused
        assertEquals("FAILED", refused.status());
        assertEquals("ResourceFailedException", refused.error());
        assertTrue(refused.cause().contains("delete it (aws rds delete-db-instance --db-instance-identifier " + target
                + "-writer)"), refused.cause());
        assertEquals(1, instancesOf(target).size());

        env.statuses().reset(); // the operator fixed the network
        var second = migrate(fast(source));
        assertSucceeded(second);
        JsonNode out = TestEmulator.JSON.readTree(second.output());
        assertTrue(out.get("resumed").asBoolean());
        assertEquals(List.of("CHECKED", "REUSED", "REUSED", "REUSED", "SKIPPED", "MODIFIED", "MODIFIED", "MODIFIED", "CHECKED"),
                texts(out.get("steps"), "action"));

        // Capacity tuned after cutover must survive a re-run of the finished migration.
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(target).serverlessV2ScalingConfiguration(c -> c.minCapacity(1.0)
                .maxCapacity(4.0)).applyImmediately(true));
        env.statuses().reset();
        var third = migrate(fast(source));
        assertSucceeded(third);
        assertEquals(4.0, cluster(target).serverlessV2ScalingConfiguration().maxCapacity());
        assertEquals(List.of("CHECKED", "REUSED", "REUSED", "REUSED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED", "CHECKED"),
                texts(TestEmulator.JSON.readTree(third.output()).get("steps"), "action"));
        assertEquals(1, ownedSnapshots(source));
        assertEquals(1, rds.describeDBClusters(r -> r.dbClusterIdentifier(target)).dbClusters().size());
        assertEquals(1, instancesOf(target).size());
    }

    private static List<String> loopChecks() {
        try {
            JsonNode states = TestEmulator.JSON.readTree(SamTemplate.load(TestEmulator.root()).stateMachines().get(MACHINE)
                    .definition().toFile()).get("States");
            List<String> checks = new java.util.ArrayList<>();
            states.fieldNames().forEachRemaining(n -> {
                if (states.has("WaitFor" + n.replaceFirst("^Check", "")) && n.startsWith("Check")) {
                    checks.add(n);
                }
            });
            assertEquals(6, checks.size(), checks.toString());
            return checks;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- helpers ---

    private String mysqlV1() {
        String id = TestEmulator.uniqueId("e2e-mysql");
        DemoClusters.createV1(rds, id, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 8);
        return id;
    }

    private static Map<String, Object> fast(String source, Object... more) {
        Map<String, Object> input = with(source, "pollIntervalSeconds", 1, "maxPollSeconds", 1, "maxPollAttempts", 10);
        for (int i = 0; i < more.length; i += 2) {
            input.put((String) more[i], more[i + 1]);
        }
        return input;
    }

    private static String json(Map<String, Object> input) {
        try {
            return TestEmulator.JSON.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalStepFunctions.Execution migrate(Map<String, Object> input) {
        try {
            return env.execute(MACHINE, TestEmulator.uniqueId("run"), TestEmulator.JSON.writeValueAsString(input),
                    Duration.ofMinutes(5));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSucceeded(LocalStepFunctions.Execution ex) {
        assertEquals("SUCCEEDED", ex.status(), () -> ex.error() + ": " + ex.cause());
    }

    private DBCluster cluster(String id) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    private List<DBInstance> instancesOf(String clusterId) {
        return rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id").values(clusterId).build()))
                .dbInstances();
    }

    private long ownedSnapshots(String source) {
        return rds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .filter(s -> OwnershipTags.ownedBy(s.tagList(), source)).count();
    }

    private long[] inventory() {
        return new long[] {rds.describeDBClusters().dbClusters().size(), rds.describeDBInstances().dbInstances().size(),
                rds.describeDBClusterSnapshots().dbClusterSnapshots().size()};
    }

    private static void assertSourceUnchanged(DBCluster before, DBCluster after) {
        assertEquals("available", after.status());
        assertEquals(before.engineMode(), after.engineMode());
        assertEquals(before.engineVersion(), after.engineVersion());
        assertEquals(before.scalingConfigurationInfo(), after.scalingConfigurationInfo());
        assertEquals(before.tagList(), after.tagList());
        assertEquals(before.deletionProtection(), after.deletionProtection());
        assertEquals(before.dbClusterMembers(), after.dbClusterMembers());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.hasNonNull(field) ? n.get(field).asText() : null).toList();
    }

    private static List<String> failedTaskErrors(List<HistoryEvent> events) {
        return events.stream().flatMap(e -> Stream.of(
                        e.taskFailedEventDetails() == null ? null : e.taskFailedEventDetails().error(),
                        e.lambdaFunctionFailedEventDetails() == null ? null : e.lambdaFunctionFailedEventDetails().error()))
                .filter(Objects::nonNull).toList();
    }
}
