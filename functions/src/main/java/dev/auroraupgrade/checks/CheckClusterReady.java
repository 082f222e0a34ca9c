package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.UpgradeFailedException;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/** Ready when the cluster is available (and, if asked, at the expected engine version). */
public class CheckClusterReady extends ReadinessCheck<DBCluster> {
    public CheckClusterReady() {
        this(AwsClients.rds());
    }

    public CheckClusterReady(RdsClient rds) {
        super(rds, "DB cluster");
    }

    @Override
    protected Optional<DBCluster> describe(String identifier) {
        return lookup.cluster(identifier);
    }

    @Override
    protected String status(DBCluster cluster) {
        return cluster.status();
    }

    @Override
    protected ResourceStatus classify(String status) {
        return ResourceStatus.ofCluster(status);
    }

    @Override
    protected String unmetExpectation(DBCluster cluster, CheckRequest request) {
        String expected = request.expectedEngineVersion();
        if (expected == null || expected.equals(cluster.engineVersion())) {
            return null;
        }
        String pending = cluster.pendingModifiedValues() == null ? null : cluster.pendingModifiedValues().engineVersion();
        if (expected.equals(pending)) {
            return "engine version " + expected + " pending";
        }
        // Available at the old version with nothing pending: RDS cancelled the upgrade (for example failed prechecks).
        throw new UpgradeFailedException("DB cluster '" + cluster.dbClusterIdentifier() + "' is available at "
                + cluster.engineVersion() + ", not " + expected + ", and no upgrade is pending: the engine upgrade was "
                + "cancelled or failed. For Aurora MySQL read upgrade-prechecks.log and the cluster's events");
    }
}
