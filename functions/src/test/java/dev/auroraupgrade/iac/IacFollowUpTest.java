package dev.auroraupgrade.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff of two shapes: each change by its CloudFormation and Terraform name, from -> to, and the stack's message. */
class IacFollowUpTest {
    private static ClusterShape shape(String stack, String logicalId, String version, String group, Double min, Double max,
                                      ClusterShape.Instance... instances) {
        return new ClusterShape("orders", version, "provisioned", group, min, max, null, stack, logicalId, List.of(instances));
    }

    private static IacChange find(IacFollowUp f, String identifier, String property) {
        return f.changes().stream().filter(c -> c.identifier().equals(identifier) && property.equals(c.cloudFormationProperty()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + property + " of " + identifier + " in " + f));
    }

    @Test
    void aComputeMoveWithAnUpgradeListsEveryPropertyByItsTwoNamesAndTheStack() {
        var before = shape("prod-db", "OrdersCluster", "8.0.mysql_aurora.3.04.0", "orders-c80", null, null,
                new ClusterShape.Instance("orders-1", "db.r6g.large", "orders-i80", "prod-db", "OrdersWriter"));
        var after = shape(null, null, "8.0.mysql_aurora.3.08.2", "orders-replication-aurora-mysql8-0", 0.5, 8.0,
                new ClusterShape.Instance("orders-serverless-1", "db.serverless", "orders-i80", null, null));
        IacFollowUp f = IacFollowUp.diff(before, after, false, List.of());
        assertEquals(IacFollowUp.UPDATE, f.status());
        assertEquals(6, f.changeCount(), f.toString());
        IacChange version = find(f, "orders", "EngineVersion");
        assertEquals("AWS::RDS::DBCluster", version.cloudFormationType());
        assertEquals("aws_rds_cluster", version.terraformResource());
        assertEquals("engine_version", version.terraformAttribute());
        assertEquals("OrdersCluster", version.cloudFormationLogicalId(), "the stack's tags come from before the run");
        assertEquals("8.0.mysql_aurora.3.04.0 -> 8.0.mysql_aurora.3.08.2", version.from() + " -> " + version.to());
        assertEquals("db_cluster_parameter_group_name", find(f, "orders", "DBClusterParameterGroupName").terraformAttribute());
        IacChange max = find(f, "orders", "ServerlessV2ScalingConfiguration.MaxCapacity");
        assertEquals("serverlessv2_scaling_configuration.max_capacity", max.terraformAttribute());
        assertNull(max.from());
        assertEquals("8", max.to());
        assertEquals("0.5", find(f, "orders", "ServerlessV2ScalingConfiguration.MinCapacity").to());
        IacChange removed = find(f, "orders-1", "DBInstanceClass");
        assertEquals(IacChange.REMOVED, removed.change());
        assertEquals("OrdersWriter", removed.cloudFormationLogicalId());
        assertEquals("aws_rds_cluster_instance", removed.terraformResource());
        IacChange added = find(f, "orders-serverless-1", "DBInstanceClass");
        assertEquals(IacChange.ADDED, added.change());
        assertEquals("db.serverless", added.to());
        assertEquals("prod-db", f.cloudFormationStack());
        assertTrue(f.summary().contains("CloudFormation stack 'prod-db' (logical id OrdersCluster): the stack's template "
                + "must be updated") && f.summary().contains("drift detection shows them"), f.summary());
        // The output round-trips through the strict mapper (a later state reads it back).
        assertEquals(f, Json.MAPPER.convertValue(Json.MAPPER.valueToTree(f), IacFollowUp.class));
    }

    @Test
    void anUnchangedClusterHasNothingToUpdateAndAClassChangeInPlaceIsModified() {
        var one = shape(null, null, "16.6", "g", null, null, new ClusterShape.Instance("i", "db.r6g.large", "p", null, null));
        assertEquals(IacFollowUp.NONE, IacFollowUp.diff(one, one, false, List.of()).status());
        var bigger = shape(null, null, "16.6", "g", null, null, new ClusterShape.Instance("i", "db.r6g.xlarge", "p", null, null));
        IacFollowUp f = IacFollowUp.diff(one, bigger, true, List.of());
        assertEquals(1, f.changeCount());
        IacChange c = find(f, "i", "DBInstanceClass");
        assertEquals(IacChange.MODIFIED, c.change());
        assertEquals("instance_class", c.terraformAttribute());
        assertTrue(f.expected());
        assertTrue(f.summary().startsWith("Update the IaC that declares 'orders'"), f.summary());
        assertEquals(IacFollowUp.UNKNOWN, IacFollowUp.diff(null, bigger, false, List.of()).status());
    }

    @Test
    void aMigrationIsANewClusterListedAgainstTheSource() {
        var source = new ClusterShape("orders", "5.7.mysql_aurora.2.11.4", "serverless", "default.aurora-mysql5.7", null, null, null,
                "prod-db", "OrdersCluster", List.of());
        var target = new ClusterShape("orders-v2", "8.0.mysql_aurora.3.08.2", "provisioned", "orders-v2-c", 0.0, 8.0, 300, null, null,
                List.of(new ClusterShape.Instance("orders-v2-writer", "db.serverless", "default.aurora-mysql8.0", null, null)));
        IacFollowUp f = IacFollowUp.replacement(source, target, false);
        assertEquals(IacFollowUp.NEW_CLUSTER, f.status());
        IacChange id = f.changes().get(0);
        assertEquals(IacChange.REPLACED, id.change());
        assertEquals("orders -> orders-v2", id.from() + " -> " + id.to());
        assertEquals("cluster_identifier", id.terraformAttribute());
        assertEquals("serverless", find(f, "orders-v2", "EngineMode").from());
        assertEquals(IacChange.ADDED, find(f, "orders-v2-writer", "DBInstanceClass").change());
        assertEquals("0", find(f, "orders-v2", "ServerlessV2ScalingConfiguration.MinCapacity").to());
        IacChange pause = find(f, "orders-v2", "ServerlessV2ScalingConfiguration.SecondsUntilAutoPause");
        assertEquals("300", pause.to());
        assertEquals("serverlessv2_scaling_configuration.seconds_until_auto_pause", pause.terraformAttribute());
        assertTrue(f.summary().contains("A new cluster 'orders-v2' replaces 'orders'") && f.summary().contains("stack 'prod-db'"),
                f.summary());
    }
}
