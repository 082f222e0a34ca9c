package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * iacFollowUp of each workflow, on the real definitions: what a DBA copies into the template (each property by its
 * CloudFormation and Terraform name, from -> to), the stack and logical ids of a cluster CloudFormation made (its
 * aws:cloudformation:* tags), and a dry run that lists the same changes before any is made.
 */
class IacFollowUpWorkflowTest extends WorkflowTestSupport {
    IacFollowUpWorkflowTest() {
        super(BlueGreenWorkflowTest.MACHINE, "iac", Duration.ofMinutes(4));
    }

    /** The tags CloudFormation puts on what a stack creates: the stack's name and id and the resource's logical id. */
    private static List<Tag> stackTags(String stack, String logicalId) {
        return List.of(Tag.builder().key("aws:cloudformation:stack-name").value(stack).build(),
                Tag.builder().key("aws:cloudformation:stack-id").value("arn:aws:cloudformation:us-east-1:123456789012:stack/"
                        + stack + "/" + UUID.randomUUID()).build(),
                Tag.builder().key("aws:cloudformation:logical-id").value(logicalId).build());
    }

    /** A provisioned cluster as a stack made it: the cluster and its writer each tagged with its logical id. */
    private String stackCluster(String prefix, String stack, String engine, String version) {
        String id = TestEmulator.uniqueId(prefix);
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).engineVersion(version).masterUsername("dbadmin")
                .masterUserPassword(UUID.randomUUID().toString().replace("-", "")).tags(stackTags(stack, "OrdersCluster")));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass("db.r6g.large").tags(stackTags(stack, "OrdersWriter")));
        return id;
    }

    private JsonNode output(LocalStepFunctions.Execution ex) throws Exception {
        assertSucceeded(ex);
        return TestEmulator.JSON.readTree(ex.output());
    }

    private JsonNode execute(String machine, Map<String, Object> input) throws Exception {
        return output(env.execute(machine, TestEmulator.uniqueId("iac"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(4)));
    }

    private static Map<String, Object> dry(Map<String, Object> input) {
        Map<String, Object> in = new LinkedHashMap<>(input);
        in.put("dryRun", true);
        return in;
    }

    /** Each change as a DBA reads it: "resource id: CloudFormation property (Terraform attribute) from -> to". */
    private static List<String> lines(JsonNode iac) {
        List<String> out = new ArrayList<>();
        iac.get("changes").forEach(c -> out.add(c.get("change").asText() + " " + c.get("identifier").asText() + ": "
                + c.get("cloudFormationType").asText() + "." + c.get("cloudFormationProperty").asText() + " ("
                + c.get("terraformResource").asText() + "." + c.get("terraformAttribute").asText() + ") "
                + c.get("from").asText("null") + " -> " + c.get("to").asText("null")));
        return out;
    }

    private static JsonNode change(JsonNode iac, String identifier, String property) {
        for (JsonNode c : iac.get("changes")) {
            if (c.get("identifier").asText().equals(identifier) && c.get("cloudFormationProperty").asText().equals(property)) {
                return c;
            }
        }
        throw new AssertionError("no " + property + " of " + identifier + " in " + iac);
    }

    @Test
    void aBlueGreenUpgradeOfAStackClusterNamesTheStackAndLogicalIdsAsItsDryRunDid() throws Exception {
        String id = stackCluster("iac-bg", "orders-prod", "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        String groupBefore = cluster(id).dbClusterParameterGroup();
        Map<String, Object> in = input(id, "targetEngineVersion", "8.0.mysql_aurora.3.08.2");
        JsonNode planned = execute(BlueGreenWorkflowTest.MACHINE, dry(in)).get("iacFollowUp");
        assertTrue(planned.get("expected").asBoolean(), planned.toString());

        var running = start(in);
        putLag(greenOf(id), 0.0);
        JsonNode out = output(running.await(Duration.ofMinutes(4)));
        assertEquals("SWITCHED_OVER", out.get("status").asText());
        JsonNode iac = out.get("iacFollowUp");
        assertEquals("UPDATE", iac.get("status").asText(), iac.toString());
        assertFalse(iac.get("expected").asBoolean());
        assertEquals("orders-prod", iac.get("cloudFormationStack").asText());
        assertEquals("OrdersCluster", iac.get("cloudFormationLogicalId").asText());
        JsonNode version = change(iac, id, "EngineVersion");
        assertEquals("8.0.mysql_aurora.3.04.0", version.get("from").asText());
        assertEquals("8.0.mysql_aurora.3.08.2", version.get("to").asText());
        assertEquals("AWS::RDS::DBCluster", version.get("cloudFormationType").asText());
        assertEquals("OrdersCluster", version.get("cloudFormationLogicalId").asText());
        assertEquals("aws_rds_cluster", version.get("terraformResource").asText());
        assertEquals("engine_version", version.get("terraformAttribute").asText());
        // Blue's one change (its replication group) is what green, and so the cluster now, runs with.
        JsonNode group = change(iac, id, "DBClusterParameterGroupName");
        assertEquals(groupBefore, group.get("from").asText());
        assertEquals(id + "-replication-aurora-mysql8-0", group.get("to").asText());
        assertEquals(cluster(id).dbClusterParameterGroup(), group.get("to").asText(), "the value the cluster has now");
        assertEquals("db_cluster_parameter_group_name", group.get("terraformAttribute").asText());
        // moto names default instance groups per minor version (default.aurora-mysql8.0.mysql_aurora.3.04); RDS names
        // them per family (default.aurora-mysql8.0), so on AWS the writer keeps its group. The output reports what the
        // emulator describes; the plan, made from RDS's rules, does not list it.
        JsonNode writerGroup = change(iac, id + "-1", "DBParameterGroupName");
        assertEquals("OrdersWriter", writerGroup.get("cloudFormationLogicalId").asText());
        assertTrue(writerGroup.get("from").asText().startsWith("default.") && writerGroup.get("to").asText().startsWith("default."),
                writerGroup.toString());
        assertEquals(3, iac.get("changeCount").asInt(), iac.toString());
        String summary = iac.get("summary").asText();
        assertTrue(summary.contains("'" + id + "' belongs to CloudFormation stack 'orders-prod' (logical id OrdersCluster)")
                && summary.contains("the stack's template must be updated") && summary.contains("drift detection"), summary);
        assertTrue(iac.get("notes").toString().contains("old blue " + id + "-old1"), iac.toString());
        assertTrue(iac.get("notes").toString().contains("DbClusterResourceId"), iac.toString());
        // The dry run listed exactly these, before anything changed (but moto's renamed default group).
        assertEquals(lines(iac).stream().filter(l -> !l.contains(".DBParameterGroupName ")).toList(), lines(planned));
        assertEquals("orders-prod", planned.get("cloudFormationStack").asText());
    }

    @Test
    void anInPlaceComputeMoveListsTheCapacityAndTheInstancesAddedAndRemovedAsItsDryRunDid() throws Exception {
        String id = stackCluster("iac-ip", "orders-prod", "aurora-postgresql", "16.6");
        Map<String, Object> in = input(id, "minCapacity", 1.0, "maxCapacity", 8.0);
        in.remove("switchoverPolicy");
        in.remove("allowWriterReboot");
        JsonNode planned = execute(InPlaceWorkflowTest.MACHINE, dry(in)).get("iacFollowUp");
        JsonNode out = execute(InPlaceWorkflowTest.MACHINE, in);
        JsonNode iac = out.get("iacFollowUp");
        assertEquals("UPDATE", iac.get("status").asText(), iac.toString());
        assertEquals("1", change(iac, id, "ServerlessV2ScalingConfiguration.MinCapacity").get("to").asText());
        JsonNode max = change(iac, id, "ServerlessV2ScalingConfiguration.MaxCapacity");
        assertEquals("8", max.get("to").asText());
        assertEquals("serverlessv2_scaling_configuration.max_capacity", max.get("terraformAttribute").asText());
        JsonNode removed = change(iac, id + "-1", "DBInstanceClass");
        assertEquals("REMOVED", removed.get("change").asText());
        assertEquals("db.r6g.large", removed.get("from").asText());
        assertEquals("OrdersWriter", removed.get("cloudFormationLogicalId").asText(), "the writer's own logical id");
        assertEquals("aws_rds_cluster_instance", removed.get("terraformResource").asText());
        JsonNode added = change(iac, id + "-serverless-1", "DBInstanceClass");
        assertEquals("ADDED", added.get("change").asText());
        assertEquals("db.serverless", added.get("to").asText());
        assertTrue(added.get("cloudFormationLogicalId").isNull(), "no stack made it");
        assertTrue(lookup.instance(id + "-1").isEmpty() && lookup.instance(id + "-serverless-1").isPresent());
        assertEquals(4, iac.get("changeCount").asInt(), iac.toString());
        assertTrue(iac.get("summary").asText().contains("stack 'orders-prod'"), iac.toString());
        assertTrue(iac.get("notes").toString().contains("take it out of the template"), iac.toString());
        assertEquals(lines(iac), lines(planned));
    }

    @Test
    void aMigrationSaysANewClusterReplacesTheSourceAndListsItAgainstTheSourceAsItsDryRunDid() throws Exception {
        String source = TestEmulator.uniqueId("iac-mig");
        rds.createDBCluster(r -> r.dbClusterIdentifier(source).engine("aurora-mysql").engineVersion("5.7.mysql_aurora.2.11.4")
                .engineMode("serverless").masterUsername("dbadmin").masterUserPassword(UUID.randomUUID().toString().replace("-", ""))
                .scalingConfiguration(s -> s.minCapacity(1).maxCapacity(8).autoPause(true).secondsUntilAutoPause(300))
                .backupRetentionPeriod(7).tags(stackTags("orders-prod", "OrdersCluster")));
        Map<String, Object> in = new LinkedHashMap<>(Map.of("sourceClusterIdentifier", source, "targetEngineVersion",
                "8.0.mysql_aurora.3.08.2", "maxCapacity", 8, "pollIntervalSeconds", 1, "maxPollSeconds", 1, "maxPollAttempts", 10));
        JsonNode planned = execute(MigrationWorkflowTest.MACHINE, dry(in)).get("iacFollowUp");
        JsonNode iac = execute(MigrationWorkflowTest.MACHINE, in).get("iacFollowUp");
        String target = source + "-v2";
        assertEquals("NEW_CLUSTER", iac.get("status").asText(), iac.toString());
        assertEquals(target, iac.get("clusterIdentifier").asText());
        JsonNode replaced = iac.get("changes").get(0);
        assertEquals("REPLACED", replaced.get("change").asText());
        assertEquals("DBClusterIdentifier", replaced.get("cloudFormationProperty").asText());
        assertEquals("cluster_identifier", replaced.get("terraformAttribute").asText());
        assertEquals(source + " -> " + target, replaced.get("from").asText() + " -> " + replaced.get("to").asText());
        assertEquals("OrdersCluster", replaced.get("cloudFormationLogicalId").asText(), "the source's logical id");
        JsonNode mode = change(iac, target, "EngineMode");
        assertEquals("serverless -> provisioned", mode.get("from").asText() + " -> " + mode.get("to").asText());
        JsonNode version = change(iac, target, "EngineVersion");
        assertEquals("5.7.mysql_aurora.2.11.4 -> 8.0.mysql_aurora.3.08.2", version.get("from").asText() + " -> "
                + version.get("to").asText());
        assertEquals("8", change(iac, target, "ServerlessV2ScalingConfiguration.MaxCapacity").get("to").asText());
        // moto keeps the restored cluster on the source's default group through the major upgrade (RDS moves it to the
        // target family's default); the output lists a group change only when the cluster has one.
        assertEquals(iac.toString().contains("\"DBClusterParameterGroupName\""),
                !cluster(source).dbClusterParameterGroup().equals(cluster(target).dbClusterParameterGroup()), iac.toString());
        assertEquals("ADDED", change(iac, target + "-writer", "DBInstanceClass").get("change").asText());
        String summary = iac.get("summary").asText();
        assertTrue(summary.contains("A new cluster '" + target + "' replaces '" + source + "'")
                && summary.contains("stack 'orders-prod'") && summary.contains("template must be updated"), summary);
        assertEquals(lines(iac), lines(planned));
        assertTrue(planned.get("summary").asText().contains("would replace"), planned.toString());
    }

    @Test
    void aRehearsalChangesNothingAnIacDeclaresAndSaysWhereTheRealRunsListIs() throws Exception {
        String id = stackCluster("iac-rh", "orders-prod", "aurora-postgresql", "14.9");
        JsonNode iac = execute(RehearsalWorkflowTest.MACHINE, new LinkedHashMap<>(Map.of("clusterIdentifier", id,
                "targetEngineVersion", "16.6", "pollIntervalSeconds", 1, "maxPollSeconds", 1, "maxPollAttempts", 10)))
                .get("iacFollowUp");
        assertEquals("NONE", iac.get("status").asText(), iac.toString());
        assertEquals(0, iac.get("changeCount").asInt());
        assertEquals(0, iac.get("changes").size());
        assertTrue(iac.get("summary").asText().contains("a rehearsal changes nothing on '" + id + "'")
                && iac.get("summary").asText().contains("dryRun"), iac.toString());
        assertNull(lookup.cluster(dev.auroraupgrade.rds.RdsNames.rehearsalClone(id)).orElse(null), "its clone is gone");
    }

    @Test
    void aMajorUpgradeWithCustomGroupsListsTheNewFamilysGroupsForTheClusterAndEachInstanceAsItsDryRunDid() throws Exception {
        String id = TestEmulator.uniqueId("iac-major");
        String clusterGroup = id + "-c14";
        String instanceGroup = id + "-i14";
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(clusterGroup)
                .dbParameterGroupFamily("aurora-postgresql14").description("team settings"));
        rds.createDBParameterGroup(r -> r.dbParameterGroupName(instanceGroup).dbParameterGroupFamily("aurora-postgresql14")
                .description("team instance settings"));
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(instanceGroup).parameters(
                p -> p.parameterName("log_min_duration_statement").parameterValue("500").applyMethod("immediate")));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("14.9")
                .masterUsername("dbadmin").masterUserPassword("local-only-1").dbClusterParameterGroupName(clusterGroup));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").dbParameterGroupName(instanceGroup));
        Map<String, Object> in = input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true);
        JsonNode planned = execute(BlueGreenWorkflowTest.MACHINE, dry(in)).get("iacFollowUp");
        JsonNode iac = execute(BlueGreenWorkflowTest.MACHINE, in).get("iacFollowUp");
        assertEquals(List.of(
                "MODIFIED " + id + ": AWS::RDS::DBCluster.EngineVersion (aws_rds_cluster.engine_version) 14.9 -> 16.6",
                "MODIFIED " + id + ": AWS::RDS::DBCluster.DBClusterParameterGroupName (aws_rds_cluster.db_cluster_parameter_group_name) "
                        + clusterGroup + " -> " + id + "-replication-aurora-postgresql16",
                "MODIFIED " + id + "-1: AWS::RDS::DBInstance.DBParameterGroupName (aws_rds_cluster_instance.db_parameter_group_name) "
                        + instanceGroup + " -> " + id + "-instance-aurora-postgresql16"), lines(iac));
        assertEquals(cluster(id).dbClusterParameterGroup(), id + "-replication-aurora-postgresql16", "what the cluster has now");
        assertTrue(iac.get("cloudFormationStack").isNull(), iac.toString());
        assertTrue(iac.get("summary").asText().startsWith("Update the IaC that declares '" + id + "'"), iac.toString());
        assertEquals(lines(iac), lines(planned));
    }
}
