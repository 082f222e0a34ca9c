package dev.auroraupgrade.rds;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;

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

    /** The cluster's instances (members), described. */
    public List<DBInstance> clusterInstances(String clusterId) {
        return rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id").values(clusterId).build()))
                .dbInstances();
    }
}
