package dev.auroraupgrade.rds;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Parameter;

/** Describe calls where "not there" is an answer, not an error. */
public final class RdsLookup {
    private final RdsClient rds;

    public RdsLookup(RdsClient rds) {
        this.rds = rds;
    }

    public Optional<DBCluster> cluster(String id) {
        try {
            return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<DBInstance> instance(String id) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<DBClusterSnapshot> clusterSnapshot(String id) {
        try {
            return rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(id))
                    .dbClusterSnapshots().stream().findFirst();
        } catch (DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A Blue/Green deployment by its name (unique per account and region). */
    public Optional<BlueGreenDeployment> blueGreenByName(String name) {
        return rds.describeBlueGreenDeployments(r -> r.filters(Filter.builder().name("blue-green-deployment-name")
                .values(name).build())).blueGreenDeployments().stream().findFirst();
    }

    /** Blue/Green deployments whose source is the cluster with this ARN. */
    public List<BlueGreenDeployment> blueGreenBySource(String clusterArn) {
        return rds.describeBlueGreenDeployments(r -> r.filters(Filter.builder().name("source").values(clusterArn).build()))
                .blueGreenDeployments();
    }

    public Optional<DBClusterParameterGroup> clusterParameterGroup(String name) {
        try {
            return rds.describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(name))
                    .dbClusterParameterGroups().stream().findFirst();
        } catch (DbParameterGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<software.amazon.awssdk.services.rds.model.DBParameterGroup> instanceParameterGroup(String name) {
        try {
            return rds.describeDBParameterGroups(r -> r.dbParameterGroupName(name)).dbParameterGroups().stream().findFirst();
        } catch (DbParameterGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The value a cluster parameter group sets for one parameter, or null when it is not set there. */
    public String clusterParameter(String group, String parameter) {
        return rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters().stream()
                .filter(p -> parameter.equals(p.parameterName())).map(Parameter::parameterValue)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The identifier of the cluster's writer instance, or null while it has none. */
    public static String writerOf(DBCluster cluster) {
        return writerMember(cluster).map(m -> m.dbInstanceIdentifier()).orElse(null);
    }

    /** The cluster's writer as a member (with its parameter group status), if it has one. */
    public static java.util.Optional<software.amazon.awssdk.services.rds.model.DBClusterMember> writerMember(DBCluster cluster) {
        return cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter())).findFirst();
    }

    /** The cluster's instances (members), described. */
    public List<DBInstance> clusterInstances(String clusterId) {
        return rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id").values(clusterId).build()))
                .dbInstances();
    }
}
