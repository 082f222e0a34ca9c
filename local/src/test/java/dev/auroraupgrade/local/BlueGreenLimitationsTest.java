package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Aurora Blue/Green limitations the RDS API shows, checked by every route's dry run before anything changes:
 * a refusal by name where AWS refuses, a notice where AWS goes ahead with a consequence.
 */
class BlueGreenLimitationsTest extends WorkflowTestSupport {
    private static final String FROM = "8.0.mysql_aurora.3.04.0";
    private static final String TO = "8.0.mysql_aurora.3.08.2";

    BlueGreenLimitationsTest() {
        super(BlueGreenWorkflowTest.MACHINE, "limits", Duration.ofMinutes(3));
    }

    @Test
    void backtrackOnBlueIsRefusedUnlessTheInputAcceptsAGreenWithoutIt() throws Exception {
        String id = TestEmulator.uniqueId("lim-bt");
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion(FROM)
                .masterUsername("dbadmin").masterUserPassword("local-only-1").backtrackWindow(86400L));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        JsonNode refused = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO, "dryRun", true));
        assertEquals("BLOCKED", refused.get("status").asText(), refused.toString());
        assertEquals("BlueGreenBlockerException", refused.get("blockers").get(0).get("error").asText());
        assertTrue(refused.get("blockers").get(0).get("message").asText().contains("acceptGreenWithoutBacktrack"), refused.toString());

        JsonNode accepted = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO,
                "acceptGreenWithoutBacktrack", true, "dryRun", true));
        assertEquals("PLANNED", accepted.get("status").asText(), accepted.toString());
        assertTrue(accepted.get("notices").toString().contains("backtrack (86400 s) is lost"), accepted.toString());
    }

    @Test
    void aGlobalDatabaseMemberIsRefusedByNameOnEveryRouteBeforeAnythingChanges() throws Exception {
        String id = TestEmulator.uniqueId("lim-gdb");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String global = id + "-global";
        rds.createGlobalCluster(r -> r.globalClusterIdentifier(global).sourceDBClusterIdentifier(cluster(id).dbClusterArn()));
        int mark = env.rdsCalls().mark();
        JsonNode bg = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO, "dryRun", true));
        assertEquals("BLOCKED", bg.get("status").asText(), bg.toString());
        assertEquals("BlueGreenBlockerException", bg.get("blockers").get(0).get("error").asText());
        assertTrue(bg.get("blockers").get(0).get("message").asText().contains(global), bg.toString());

        JsonNode inPlace = plan(InPlaceWorkflowTest.MACHINE, Map.of("clusterIdentifier", id, "dryRun", true));
        assertEquals("BLOCKED", inPlace.get("status").asText(), inPlace.toString());
        assertTrue(inPlace.get("blockers").get(0).get("message").asText().contains("Aurora Global Database '" + global + "'"),
                inPlace.toString());

        JsonNode migration = plan(MigrationWorkflowTest.MACHINE, Map.of("sourceClusterIdentifier", id, "dryRun", true));
        assertEquals("BLOCKED", migration.get("status").asText(), migration.toString());
        assertTrue(migration.get("blockers").get(0).get("message").asText().contains(global), migration.toString());

        // A rehearsal plans the Blue/Green upgrade it rehearses, so its clone is never made of a global member.
        var rehearsal = env.execute(RehearsalWorkflowTest.MACHINE, TestEmulator.uniqueId("lim-reh"), TestEmulator.JSON
                .writeValueAsString(Map.of("clusterIdentifier", id, "targetEngineVersion", TO)), Duration.ofMinutes(2));
        assertEquals("FAILED", rehearsal.status(), rehearsal.output());
        assertTrue(rehearsal.cause().contains("Aurora Global Database '" + global + "'"), rehearsal.cause());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    /** A replica cannot be blue, and neither can a cluster with cross-Region replicas: both refused by name. */
    @Test
    void aReplicaAndAClusterWithReplicasAreRefusedByNameBeforeAnythingChanges() throws Exception {
        String source = TestEmulator.uniqueId("lim-src");
        DemoClusters.createProvisioned(rds, source, "aurora-mysql", FROM);
        String replica = TestEmulator.uniqueId("lim-rep");
        rds.createDBCluster(r -> r.dbClusterIdentifier(replica).engine("aurora-mysql").engineVersion(FROM)
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .replicationSourceIdentifier(cluster(source).dbClusterArn()));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(replica + "-1").dbClusterIdentifier(replica).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        int mark = env.rdsCalls().mark();
        JsonNode ofReplica = plan(BlueGreenWorkflowTest.MACHINE, input(replica, "targetEngineVersion", TO, "dryRun", true));
        assertEquals("BLOCKED", ofReplica.get("status").asText(), ofReplica.toString());
        assertEquals("BlueGreenBlockerException", ofReplica.get("blockers").get(0).get("error").asText());
        assertTrue(ofReplica.get("blockers").get(0).get("message").asText().contains("is a read replica of"), ofReplica.toString());
        JsonNode ofSource = plan(BlueGreenWorkflowTest.MACHINE, input(source, "targetEngineVersion", TO, "dryRun", true));
        assertEquals("BLOCKED", ofSource.get("status").asText(), ofSource.toString());
        assertTrue(ofSource.get("blockers").get(0).get("message").asText().contains("has cross-Region read replicas ("
                + cluster(replica).dbClusterArn() + ")"), ofSource.toString());
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    /** What the API cannot see is the DBA's checklist in every plan, per engine; a stack's cluster is told so. */
    @Test
    void everyPlanCarriesTheChecklistOfItsEngineAndAStacksClusterIsToldCloudFormationKnowsNothingOfIt() throws Exception {
        String mysql = TestEmulator.uniqueId("lim-my");
        DemoClusters.createProvisioned(rds, mysql, "aurora-mysql", FROM);
        String notices = plan(BlueGreenWorkflowTest.MACHINE, input(mysql, "targetEngineVersion", TO, "dryRun", true))
                .get("notices").toString();
        assertTrue(notices.contains("a database named 'tmp' is not copied to green"), notices);
        assertTrue(notices.contains("neither blue nor green can be stopped and started, and blue must not be upgraded past "
                + "green's engine version"), notices);
        assertTrue(notices.contains("Database Activity Streams"), notices);
        assertFalse(notices.contains("CloudFormation stack"), notices);

        String pg = TestEmulator.uniqueId("lim-pg");
        rds.createDBCluster(r -> r.dbClusterIdentifier(pg).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").tags(
                        software.amazon.awssdk.services.rds.model.Tag.builder().key("aws:cloudformation:stack-name")
                                .value("orders-db").build()));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(pg + "-1").dbClusterIdentifier(pg).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large"));
        JsonNode pgPlan = plan(BlueGreenWorkflowTest.MACHINE, input(pg, "targetEngineVersion", "16.6",
                "acceptUncheckedReplicaLag", true, "dryRun", true));
        String pgNotices = pgPlan.get("notices").toString() + " in " + pgPlan;
        assertTrue(pgNotices.contains("blue is neither a logical replication publisher nor subscriber"), pgNotices);
        assertTrue(pgNotices.contains("names it by its cluster endpoint, not an IP address"), pgNotices);
        assertTrue(pgNotices.contains("'" + pg + "' belongs to CloudFormation stack orders-db, and AWS does not support "
                + "Blue/Green deployments for CloudFormation"), pgNotices);
    }

    /** rds.logically_replicate_unlogged_tables as blue's group has it, not a checklist line: 0 or unset, then 1. */
    @Test
    void thePostgresPlanSaysWhetherUnloggedTablesReachGreenFromWhatBluesGroupSets() throws Exception {
        String id = TestEmulator.uniqueId("lim-unl");
        String group = id + "-team";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                .dbParameterGroupFamily("aurora-postgresql14").description("team settings"));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(group));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large"));
        Map<String, Object> in = input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true, "dryRun", true);
        String unset = plan(BlueGreenWorkflowTest.MACHINE, in).get("notices").toString();
        assertTrue(unset.contains("unlogged tables will not be in green: rds.logically_replicate_unlogged_tables is not set "
                + "(the engine default, 0) in blue's group " + group), unset);
        assertTrue(unset.contains("set it to 1 in blue's group and reboot the writer before this run creates the deployment "
                + "(it may not change while the deployment stands)"), unset);

        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                .parameterName("rds.logically_replicate_unlogged_tables").parameterValue("0").applyMethod("pending-reboot")));
        String zero = plan(BlueGreenWorkflowTest.MACHINE, in).get("notices").toString();
        assertTrue(zero.contains("rds.logically_replicate_unlogged_tables is 0 in blue's group " + group), zero);

        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                .parameterName("rds.logically_replicate_unlogged_tables").parameterValue("1").applyMethod("pending-reboot")));
        String on = plan(BlueGreenWorkflowTest.MACHINE, in).get("notices").toString();
        assertTrue(on.contains("rds.logically_replicate_unlogged_tables is 1 in blue's group " + group + ": unlogged tables "
                + "are replicated to green; do not change it while the deployment stands"), on);
        assertFalse(on.contains("unlogged tables will not be in green"), on);
    }

    @Test
    void aProxyRoutingToTheClusterIsNamedWithWhatHappensToItsConnectionsAndANewTargetIsRefusedDuringTheDeployment()
            throws Exception {
        String id = TestEmulator.uniqueId("lim-prx");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String proxy = id + "-proxy";
        List<String> subnets = defaultSubnets();
        rds.createDBProxy(r -> r.dbProxyName(proxy).engineFamily("MYSQL").roleArn("arn:aws:iam::123456789012:role/proxy")
                .vpcSubnetIds(subnets).auth(a -> a.authScheme("SECRETS")
                        .secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:proxy")));
        rds.registerDBProxyTargets(r -> r.dbProxyName(proxy).dbClusterIdentifiers(id));
        JsonNode bg = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO, "dryRun", true));
        assertEquals("PLANNED", bg.get("status").asText(), bg.toString());
        assertTrue(bg.get("notices").toString().contains("RDS Proxy " + proxy + " routes to '" + id + "'")
                && bg.get("notices").toString().contains("connections through the proxy drop once"), bg.toString());
        JsonNode inPlace = plan(InPlaceWorkflowTest.MACHINE, Map.of("clusterIdentifier", id, "targetEngineVersion", TO,
                "allowWriterReboot", true, "dryRun", true));
        // One notice, not the in-place route's and its nested Blue/Green's: green moves to db.serverless before the
        // switchover, where the proxy does not route, so the switchover is the one drop.
        List<String> proxyNotices = new java.util.ArrayList<>();
        inPlace.get("notices").forEach(n -> {
            if (n.asText().contains("RDS Proxy ")) {
                proxyNotices.add(n.asText());
            }
        });
        assertEquals(1, proxyNotices.size(), proxyNotices.toString());
        assertTrue(proxyNotices.get(0).contains("connections through the proxy drop once")
                && proxyNotices.get(0).contains("the switchover is its only drop"), proxyNotices.toString());
        JsonNode computeOnly = plan(InPlaceWorkflowTest.MACHINE, Map.of("clusterIdentifier", id, "targetEngineVersion",
                FROM, "dryRun", true));
        assertTrue(computeOnly.get("notices").toString().contains("follows the writer through the failover"),
                computeOnly.toString());
        JsonNode migration = plan(MigrationWorkflowTest.MACHINE, Map.of("sourceClusterIdentifier", id, "dryRun", true));
        assertTrue(migration.get("notices").toString().contains("RDS Proxy " + proxy + " routes to the source: it keeps "
                + "doing so; the new cluster has a new endpoint"), migration.toString());

        // AWS: a cluster cannot become a proxy target once a Blue/Green deployment exists for it.
        String other = TestEmulator.uniqueId("lim-prx2");
        DemoClusters.createProvisioned(rds, other, "aurora-mysql", FROM);
        var running = start(input(other, "targetEngineVersion", TO, "switchoverPolicy", "NONE"));
        greenOf(other);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.services.rds.model.RdsException.class,
                () -> env.rds().registerDBProxyTargets(r -> r.dbProxyName(proxy).dbClusterIdentifiers(other)));
        assertTrue(refused.getMessage().contains("blue/green deployment"), refused.getMessage());
        assertSucceeded(running.await(Duration.ofMinutes(3)));
    }

    @Test
    void aZeroEtlIntegrationFromBlueIsNamedInThePlanAndHoldsTheSwitchoverUntilItIsDeleted() throws Exception {
        String id = TestEmulator.uniqueId("lim-etl");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", FROM);
        String integration = id + "-to-redshift";
        env.zeroEtlIntegration(integration, cluster(id).dbClusterArn(), "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/x");
        try {
            JsonNode plan = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO, "dryRun", true));
            assertEquals("PLANNED", plan.get("status").asText(), "green can be built meanwhile: " + plan);
            assertTrue(plan.get("notices").toString().contains("zero-ETL integration(s) " + integration), plan.toString());

            var running = start(input(id, "targetEngineVersion", TO, "maxPollAttempts", 120));
            putLag(greenOf(id), 0.0);
            LocalStepFunctions.sleep(8000); // several readiness checks, each refused by the integration
            assertTrue(running.isRunning(), "the switchover waits");
            assertEquals(FROM, cluster(id).engineVersion(), "blue still serves");
            env.zeroEtlIntegration(integration, null, null);
            putLag(greenOf(id), 0.0);
            var ex = running.await(Duration.ofMinutes(3));
            assertSucceeded(ex);
            assertEquals(TO, cluster(id).engineVersion());
            assertTrue(ex.entered("CheckReadiness") >= 3, "checked until the integration was gone");
        } finally {
            env.zeroEtlIntegration(integration, null, null);
        }
    }

    @Test
    void anEventSchedulerOnBlueIsOffOnGreenAtCreationAndOnAgainAfterTheSwitchover() throws Exception {
        String id = TestEmulator.uniqueId("lim-evs");
        String group = id + "-team";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("team settings"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("event_scheduler").parameterValue("ON").applyMethod("immediate"),
                p -> p.parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").engineVersion(FROM)
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(group));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        String greenGroup = id + "-green-aurora-mysql8-0";
        JsonNode plan = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", TO, "dryRun", true));
        assertTrue(plan.get("notices").toString().contains("event_scheduler is ON on blue: green's group " + greenGroup),
                plan.toString());

        var running = start(input(id, "targetEngineVersion", TO));
        putLag(greenOf(id), 0.0);
        var ex = running.await(Duration.ofMinutes(3));
        assertSucceeded(ex);
        // The local layer ends a deployment INVALID_CONFIGURATION when green's group has it on at creation.
        assertEquals(greenGroup, cluster(id).dbClusterParameterGroup(), "the cluster now runs green's group");
        assertEquals("ON", lookup.clusterParameter(greenGroup, "event_scheduler"), "on again after the switchover");
        assertEquals("ROW", lookup.clusterParameter(greenGroup, "binlog_format"));
        assertEquals(group, cluster(id + "-old1").dbClusterParameterGroup(), "old blue keeps the team's group");
        assertEquals("ON", lookup.clusterParameter(group, "event_scheduler"), "the team's group is never changed");
        assertTrue(ex.output().contains("event_scheduler is ON again in " + greenGroup), ex.output());
    }

    @Test
    void thePlanSaysWhenThisRunTurnsReplicationOnWhatItCostsAndThatAZeroMinimumWillNotPause() throws Exception {
        String id = TestEmulator.uniqueId("lim-rep");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.08.0");
        JsonNode bg = plan(BlueGreenWorkflowTest.MACHINE, input(id, "targetEngineVersion", "8.0.mysql_aurora.3.10.0", "dryRun", true));
        assertTrue(bg.get("notices").toString().contains("this run turns binlog_format on for '" + id + "'")
                && bg.get("notices").toString().contains("keeps a Serverless v2 writer from pausing"), bg.toString());
        JsonNode inPlace = plan(InPlaceWorkflowTest.MACHINE, Map.of("clusterIdentifier", id, "targetEngineVersion",
                "8.0.mysql_aurora.3.10.0", "minCapacity", 0, "maxCapacity", 8, "allowWriterReboot", true, "dryRun", true));
        assertEquals("PLANNED", inPlace.get("status").asText(), inPlace.toString());
        assertTrue(inPlace.get("notices").toString().contains("minCapacity 0: '" + id + "' will not pause"), inPlace.toString());

        // Blue that already logs: nothing is turned on, and nothing is said about it.
        String logging = TestEmulator.uniqueId("lim-rep2");
        String group = logging + "-binlog";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("binlog on"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(logging).engine("aurora-mysql").engineVersion("8.0.mysql_aurora.3.08.0")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(group));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(logging + "-1").dbClusterIdentifier(logging).engine("aurora-mysql")
                .dbInstanceClass("db.r6g.large"));
        JsonNode already = plan(BlueGreenWorkflowTest.MACHINE, input(logging, "targetEngineVersion", "8.0.mysql_aurora.3.10.0",
                "dryRun", true));
        assertTrue(!already.get("notices").toString().contains("this run turns binlog_format on"), already.toString());
    }

    /** moto's default VPC subnets (moto checks a proxy's subnets against its EC2; the project has no EC2 client). */
    private List<String> defaultSubnets() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(env.emulator().resolve("/?Action=DescribeSubnets&Version=2016-11-15"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host, Signature=0").GET().build();
        String xml = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        List<String> ids = new java.util.ArrayList<>();
        var m = java.util.regex.Pattern.compile("<subnetId>(subnet-[0-9a-f]+)</subnetId>").matcher(xml);
        while (m.find() && ids.size() < 2) {
            ids.add(m.group(1));
        }
        assertEquals(2, ids.size(), xml);
        return ids;
    }

    private JsonNode plan(String machine, Map<String, Object> input) throws Exception {
        var ex = env.execute(machine, TestEmulator.uniqueId("lim-dry"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(2));
        assertSucceeded(ex);
        return TestEmulator.JSON.readTree(ex.output());
    }
}
