package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.rds.RdsLookup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The local layer refuses what AWS refuses and moto accepts, so the product's tests run against AWS's rules.
 * Each case calls through the layer (what the handlers use) and checks moto's state through a clean client.
 */
class LocalLayerTest {
    private LocalEnvironment env;
    private RdsClient layer;
    private RdsLookup moto;

    @BeforeEach
    void emulator() {
        env = TestEmulator.get();
        layer = env.rds();
        moto = new RdsLookup(env.cleanRds());
    }

    @Test
    void tagValuesOutsideRdsCharacterSetAreRefused() {
        String id = TestEmulator.uniqueId("layer-tag");
        var e = assertThrows(RdsException.class, () -> layer.createDBCluster(r -> r.dbClusterIdentifier(id)
                .engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.04.0").masterUsername("a").masterUserPassword("bbbbbbbb1")
                .tags(t -> t.key("aurora-upgrade:execution").value("db's run!"))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertTrue(moto.cluster(id).isEmpty());
    }

    @Test
    void tagKeysReservedForAwsAreRefusedToCallersAsRdsDoes() {
        String id = TestEmulator.uniqueId("layer-awstag");
        var e = assertThrows(RdsException.class, () -> layer.createDBCluster(r -> r.dbClusterIdentifier(id)
                .engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.04.0").masterUsername("a").masterUserPassword("bbbbbbbb1")
                .tags(t -> t.key("aws:cloudformation:stack-name").value("orders-prod"))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("aws: or rds:"), e.getMessage());
        assertTrue(moto.cluster(id).isEmpty());
    }

    @Test
    void aDuplicateClusterIdIsRefusedInsteadOfOverwritten() {
        String id = TestEmulator.uniqueId("layer-dup");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        assertThrows(DbClusterAlreadyExistsException.class, () -> layer.createDBCluster(r -> r.dbClusterIdentifier(id)
                .engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.08.2").masterUsername("a").masterUserPassword("bbbbbbbb1")));
        assertEquals("8.0.mysql_aurora.3.04.0", moto.cluster(id).orElseThrow().engineVersion());
    }

    @Test
    void restoresAndUpgradesToVersionsRdsDoesNotOfferOrReachAreRefused() {
        String source = TestEmulator.uniqueId("layer-v1");
        DemoClusters.createV1(layer, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 4);
        layer.createDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(source + "-snap").dbClusterIdentifier(source));
        var restore = assertThrows(RdsException.class, () -> layer.restoreDBClusterFromSnapshot(r -> r
                .dbClusterIdentifier(source + "-r").snapshotIdentifier(source + "-snap").engine("aurora-mysql")
                .engineVersion("5.7.mysql_aurora.2.11.4")));
        assertTrue(restore.getMessage().contains("Cannot find version 5.7.mysql_aurora.2.11.4"), restore.getMessage());
        layer.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(source + "-r").snapshotIdentifier(source + "-snap")
                .engine("aurora-mysql").engineVersion("5.7.mysql_aurora.2.12.5").engineMode("provisioned"));
        var upgrade = assertThrows(RdsException.class, () -> layer.modifyDBCluster(r -> r.dbClusterIdentifier(source + "-r")
                .engineVersion("8.4.7").allowMajorVersionUpgrade(true).applyImmediately(true)));
        assertTrue(upgrade.getMessage().contains("Cannot upgrade aurora-mysql from 5.7.mysql_aurora.2.12.5 to 8.4.7"),
                upgrade.getMessage());
    }

    @Test
    void describeDbEngineVersionsAnswersFromTheDatedFixture() {
        var versions = layer.describeDBEngineVersions(r -> r.engine("aurora-postgresql").engineVersion("13.12")).dbEngineVersions();
        assertEquals(1, versions.size());
        assertTrue(versions.get(0).validUpgradeTarget().stream().anyMatch(t -> t.engineVersion().equals("16.6")
                && t.isMajorVersionUpgrade()));
        assertEquals(128.0, versions.get(0).serverlessV2FeaturesSupport().maxCapacity());
    }

    @Test
    void aBlueGreenDeploymentOfAClusterWithoutReplicationEndsInvalidConfiguration() {
        String id = TestEmulator.uniqueId("layer-bg");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String arn = moto.cluster(id).orElseThrow().dbClusterArn();
        String name = TestEmulator.uniqueId("layer-bgd");
        layer.createBlueGreenDeployment(r -> r.blueGreenDeploymentName(name).source(arn));
        var d = new RdsLookup(layer).blueGreenByName(name).orElseThrow();
        assertEquals("INVALID_CONFIGURATION", d.status());
        assertTrue(d.statusDetails().contains("incompatible parameter(s): [binlog_format]"), d.statusDetails());
    }

    @Test
    void aSwitchoverMovesTheInstancesWithTheirClustersAndListsEveryMemberBeforeIt() {
        String id = TestEmulator.uniqueId("layer-members");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        new RdsLookup(layer).cluster(id); // the layer learns the members, as a describe by the workflow would
        String group = id + "-binlog";
        layer.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("test"));
        layer.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                .parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot")));
        layer.modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName(group).applyImmediately(true));
        layer.rebootDBInstance(r -> r.dbInstanceIdentifier(id + "-1"));
        String name = TestEmulator.uniqueId("layer-members-bgd");
        layer.createBlueGreenDeployment(r -> r.blueGreenDeploymentName(name).source(moto.cluster(id).orElseThrow().dbClusterArn()));
        var d = new RdsLookup(layer).blueGreenByName(name).orElseThrow();
        String green = d.target().substring(d.target().lastIndexOf(':') + 1);
        assertEquals(3, d.switchoverDetails().size(), "the cluster and each instance: " + d.switchoverDetails());
        assertTrue(d.switchoverDetails().stream().allMatch(x -> "AVAILABLE".equals(x.status())), d.switchoverDetails().toString());
        String greenReader = moto.clusterInstances(green).stream().map(i -> i.dbInstanceIdentifier())
                .filter(i -> i.startsWith(id + "-2-green-")).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertNotEquals(Boolean.TRUE, moto.instance(greenReader).orElseThrow().deletionProtection(),
                "an Aurora instance carries no deletion protection of its own");
        // Green changes: one instance added, one deleted (as the serverlessGreen move does).
        env.cleanRds().createDBInstance(r -> r.dbInstanceIdentifier(id + "-sv").dbClusterIdentifier(green)
                .engine("aurora-mysql").dbInstanceClass("db.serverless"));
        layer.deleteDBInstance(r -> r.dbInstanceIdentifier(greenReader));
        var changed = new RdsLookup(layer).blueGreenByName(name).orElseThrow().switchoverDetails();
        assertTrue(changed.stream().anyMatch(x -> "MISSING_TARGET".equals(x.status()) && x.sourceMember().endsWith(":db:" + id + "-2")),
                changed.toString());
        assertTrue(changed.stream().anyMatch(x -> "MISSING_SOURCE".equals(x.status()) && x.targetMember().endsWith(":db:" + id + "-sv")),
                changed.toString());

        env.cleanRds().switchoverBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(d.blueGreenDeploymentIdentifier()));
        assertEquals(java.util.List.of(id + "-1", id + "-sv"), moto.clusterInstances(id).stream().map(i -> i.dbInstanceIdentifier())
                .sorted().toList(), "green's counterpart takes blue's name; the added instance keeps its own");
        assertEquals(java.util.List.of(id + "-1-old1", id + "-2"), moto.clusterInstances(id + "-old1").stream()
                .map(i -> i.dbInstanceIdentifier()).sorted().toList(), "blue's go to old blue; one without a green "
                        + "counterpart is not renamed (Aurora User Guide, Blue/Green considerations)");
    }

    @Test
    void aWriterRebootLeavesTheReaderPendingReboot() {
        String id = TestEmulator.uniqueId("layer-readers");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        new RdsLookup(layer).cluster(id); // the layer learns the members, as a describe by the workflow would
        String group = id + "-group";
        layer.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("test"));
        layer.modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName(group).applyImmediately(true));
        layer.rebootDBInstance(r -> r.dbInstanceIdentifier(id + "-1"));
        var members = new RdsLookup(layer).cluster(id).orElseThrow().dbClusterMembers();
        assertEquals("in-sync", members.stream().filter(m -> m.dbInstanceIdentifier().equals(id + "-1")).findFirst()
                .orElseThrow().dbClusterParameterGroupStatus());
        assertEquals("pending-reboot", members.stream().filter(m -> m.dbInstanceIdentifier().equals(id + "-2")).findFirst()
                .orElseThrow().dbClusterParameterGroupStatus());
    }

    @Test
    void aLostResponseLeavesTheChangeAppliedAndTheRetryMeetsIt() {
        String source = TestEmulator.uniqueId("layer-lost");
        DemoClusters.createV1(layer, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 4);
        env.lambda().loseResponses("CreateDBClusterSnapshot", 1);
        assertThrows(DbClusterSnapshotAlreadyExistsException.class, () -> layer.createDBClusterSnapshot(r -> r
                .dbClusterSnapshotIdentifier(source + "-snap").dbClusterIdentifier(source)));
        assertTrue(moto.clusterSnapshot(source + "-snap").isPresent(), "the first attempt took effect");
    }

    @Test
    void aCallTheFunctionsPolicyDoesNotGrantIsDeniedAsOnAws() {
        String source = TestEmulator.uniqueId("layer-iam");
        DemoClusters.createV1(layer, source, "aurora-mysql", "5.7.mysql_aurora.2.11.4", 1, 4);
        env.iam().revoke("CreateClusterSnapshotFunction", "rds:CreateDBClusterSnapshot");
        var ex = env.execute(MigrationWorkflowTest.MACHINE, TestEmulator.uniqueId("iam"),
                "{\"sourceClusterIdentifier\":\"" + source + "\",\"minPollSeconds\":1,\"maxPollSeconds\":1}", java.time.Duration.ofMinutes(2));
        assertEquals("AwsRequestFailedException", ex.error(), ex.cause());
        assertTrue(ex.cause().contains("AccessDenied") && ex.cause().contains("rds:CreateDBClusterSnapshot"), ex.cause());
        assertTrue(moto.clusterSnapshot(source + "-v2-migration-snapshot").isEmpty());
    }

    @Test
    void aPartialNamePatternForWhatBlueGreenCreatesIsRefusedWhenThePoliciesLoad() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("template");
        String template = java.nio.file.Files.readString(TestEmulator.root().resolve("template.yaml"));
        String widened = template.replace(":cluster-endpoint:*\"", ":cluster-endpoint:*-green-*\"");
        assertTrue(!widened.equals(template), "the template grants on cluster endpoints");
        java.nio.file.Files.writeString(root.resolve("template.yaml"), widened);
        var e = assertThrows(IllegalStateException.class, () -> IamPolicies.load(root));
        assertTrue(e.getMessage().contains("partial name patterns"), e.getMessage());
        IamPolicies.load(TestEmulator.root()); // the template as committed loads
    }

    @Test
    void aFailoverIsAuthorisedOnTheClusterAndOnTheInstanceItPromotes() {
        String id = TestEmulator.uniqueId("layer-failover");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        // As the failover function's role: the call names the cluster and its target instance, and both are checked.
        IamEnforcer.runAs("FailoverToServerlessFunction", () -> layer.failoverDBCluster(r -> r.dbClusterIdentifier(id)
                .targetDBInstanceIdentifier(id + "-2")));
        var policies = env.iam();
        String cluster = "arn:aws:rds:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":cluster:" + id;
        String instance = "arn:aws:rds:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":db:" + id + "-2";
        assertTrue(policies.decide("FailoverToServerlessFunction", "rds:FailoverDBCluster", java.util.List.of(cluster,
                instance), arn -> java.util.Map.of()).allowed());
        assertTrue(!policies.decide("AddServerlessInstancesFunction", "rds:FailoverDBCluster", java.util.List.of(cluster,
                instance), arn -> java.util.Map.of()).allowed(), "another function may not fail the cluster over");
    }

    @Test
    void noGrantNamesAResourceItsActionsAreNeverAuthorisedOn() {
        // SwitchoverBlueGreenDeployment is authorised on the deployment only; its dependent actions on cluster and db.
        assertEquals(java.util.List.of(), IamPolicies.load(TestEmulator.root()).deadGrants());
    }

    @Test
    void anInstanceThatIsRestartingIsNotDeletedUntilItIsAvailable() {
        String id = TestEmulator.uniqueId("layer-del");
        DemoClusters.createProvisioned(layer, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        env.statuses().stick("instance:" + id + "-1", "rebooting", null);
        try {
            assertThrows(software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException.class,
                    () -> layer.deleteDBInstance(r -> r.dbInstanceIdentifier(id + "-1")));
            assertTrue(moto.instance(id + "-1").isPresent(), "moto would have deleted it");
        } finally {
            env.statuses().unstick("instance:" + id + "-1", "rebooting");
        }
        layer.deleteDBInstance(r -> r.dbInstanceIdentifier(id + "-1"));
        assertTrue(moto.instance(id + "-1").isEmpty());
    }

    /**
     * CreateStateMachine of an existing name with another definition: StateMachineAlreadyExists on AWS (its idempotency
     * check includes the definition); moto kept the old definition and said nothing, so a re-deploy ran the old one.
     */
    @Test
    void aStateMachineCreatedAgainWithAnotherDefinitionIsRefusedAndARedeployRunsTheNewOne() throws Exception {
        LocalStepFunctions sfn = env.stepFunctions();
        String account = LocalStepFunctions.newAccount();
        String name = TestEmulator.uniqueId("layer-sm");
        String v1 = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"version\":1},\"End\":true}}}";
        String v2 = v1.replace("\"version\":1", "\"version\":2");
        var first = sfn.start(account, name, v1, "first", "{}").await(java.time.Duration.ofSeconds(30));
        assertEquals(1, TestEmulator.JSON.readTree(first.output()).get("version").asInt(), first.toString());
        assertThrows(software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException.class,
                () -> sfn.start(account, name, v2, "second", "{}"));
        var same = sfn.start(account, name, v1, "same", "{}").await(java.time.Duration.ofSeconds(30));
        assertEquals(1, TestEmulator.JSON.readTree(same.output()).get("version").asInt(), "the same definition again is idempotent");
        var redeployed = sfn.startOn(account, name, v2, "redeployed", "{}").await(java.time.Duration.ofSeconds(30));
        assertEquals(2, TestEmulator.JSON.readTree(redeployed.output()).get("version").asInt(),
                "a re-deploy (create, refused, then update) runs the new definition");
    }
}
