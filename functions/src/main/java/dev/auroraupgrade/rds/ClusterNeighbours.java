package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBProxy;
import software.amazon.awssdk.services.rds.model.DBProxyTarget;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.Integration;

/**
 * What else in the account is bound to a cluster and changes what an upgrade may do to it: the Aurora Global
 * Database it belongs to, and the RDS Proxies that route to it. Each route's pre-flight asks here, so the rule
 * for finding them is in one place.
 */
public final class ClusterNeighbours {
    private ClusterNeighbours() {
    }

    /**
     * The global database the cluster is a member of. DescribeDBClusters names it (GlobalClusterIdentifier) on
     * current API versions; DescribeGlobalClusters' members are asked too, for an endpoint that does not fill it in.
     */
    public static Optional<String> globalDatabase(RdsClient rds, DBCluster cluster) {
        String named = cluster.globalClusterIdentifier();
        if (named != null && !named.isBlank()) {
            // An ARN where an endpoint gives one (moto does): the identifier is its last part.
            return Optional.of(named.substring(named.lastIndexOf(':') + 1));
        }
        for (GlobalCluster g : rds.describeGlobalClustersPaginator(r -> { }).globalClusters()) {
            for (GlobalClusterMember m : g.globalClusterMembers()) {
                if (cluster.dbClusterArn().equals(m.dbClusterArn())) {
                    return Optional.of(g.globalClusterIdentifier());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The zero-ETL integrations with the cluster as their source (DescribeIntegrations, matched on SourceArn). AWS
     * blocks a Blue/Green switchover while one exists (Aurora blue/green limitations: "delete the integration first
     * and switch over, then recreate the integration").
     */
    public static List<String> zeroEtlIntegrations(RdsClient rds, String clusterArn) {
        List<String> found = new ArrayList<>();
        for (Integration i : rds.describeIntegrationsPaginator(r -> { }).integrations()) {
            if (clusterArn.equals(i.sourceArn())) {
                found.add(i.integrationName() + " (to " + i.targetArn() + ")");
            }
        }
        return found;
    }

    /**
     * The proxies with a target in the cluster: its tracked cluster, or one of its instances (RDS API reference,
     * DBProxyTarget: Type TRACKED_CLUSTER with RdsResourceId the cluster id; RDS_INSTANCE with TrackedClusterId).
     */
    public static List<String> proxies(RdsClient rds, String clusterIdentifier) {
        List<String> found = new ArrayList<>();
        for (DBProxy proxy : rds.describeDBProxiesPaginator(r -> { }).dbProxies()) {
            for (DBProxyTarget t : rds.describeDBProxyTargetsPaginator(r -> r.dbProxyName(proxy.dbProxyName())).targets()) {
                if (clusterIdentifier.equals(t.rdsResourceId()) || clusterIdentifier.equals(t.trackedClusterId())) {
                    found.add(proxy.dbProxyName());
                    break;
                }
            }
        }
        return found;
    }
}
