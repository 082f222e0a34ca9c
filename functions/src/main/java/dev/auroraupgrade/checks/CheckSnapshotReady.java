package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/** Ready when the cluster snapshot is available. */
public class CheckSnapshotReady extends ReadinessCheck<DBClusterSnapshot> {
    public CheckSnapshotReady() {
        this(AwsClients.rds());
    }

    public CheckSnapshotReady(RdsClient rds) {
        super(rds, "DB cluster snapshot");
    }

    @Override
    protected Optional<DBClusterSnapshot> describe(String identifier) {
        return lookup.clusterSnapshot(identifier);
    }

    @Override
    protected String status(DBClusterSnapshot snapshot) {
        return snapshot.status();
    }

    /** PercentProgress: "the percentage of the estimated data that has been transferred" (RDS API, DBClusterSnapshot). */
    @Override
    protected Double progress(DBClusterSnapshot snapshot) {
        return snapshot.percentProgress() == null ? null : snapshot.percentProgress() / 100.0;
    }

    @Override
    protected ResourceStatus classify(String status) {
        return ResourceStatus.ofSnapshot(status);
    }
}
