package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceStatusTest {
    @ParameterizedTest
    @ValueSource(strings = {"upgrade_failed", "incompatible-parameters", "inaccessible-encryption-credentials",
            "inaccessible-encryption-credentials-recoverable", "migration-failed", "failed", "deleting", "stopped"})
    void failedClusterStatusesStopTheLoop(String status) {
        assertEquals(ResourceStatus.FAILED, ResourceStatus.ofCluster(status));
    }

    @ParameterizedTest
    @ValueSource(strings = {"creating", "modifying", "upgrading", "backing-up", "renaming", "a-status-aws-adds-later"})
    void inProgressAndUnknownClusterStatusesKeepPolling(String status) {
        assertEquals(ResourceStatus.IN_PROGRESS, ResourceStatus.ofCluster(status));
    }

    @Test
    void instanceAndSnapshotStatuses() {
        assertEquals(ResourceStatus.READY, ResourceStatus.ofInstance("available"));
        assertEquals(ResourceStatus.FAILED, ResourceStatus.ofInstance("incompatible-network"));
        assertEquals(ResourceStatus.FAILED, ResourceStatus.ofInstance("insufficient-capacity"));
        assertEquals(ResourceStatus.IN_PROGRESS, ResourceStatus.ofInstance("configuring-enhanced-monitoring"));
        assertEquals(ResourceStatus.IN_PROGRESS, ResourceStatus.ofSnapshot("copying"));
        assertEquals(ResourceStatus.FAILED, ResourceStatus.ofSnapshot("failed"));
        assertEquals(ResourceStatus.READY, ResourceStatus.ofSnapshot("AVAILABLE"));
    }

    @Test
    void instanceClassesFollowAwsMappingAndAvoidClassesAuroraDropped() {
        assertEquals("db.t3.medium", InstanceClasses.forV1Capacity(1));
        assertEquals("db.r5.large", InstanceClasses.forV1Capacity(8));
        assertEquals("db.r5.xlarge", InstanceClasses.forV1Capacity(12), "rounds up to the next mapped capacity");
        assertEquals("db.r5.24xlarge", InstanceClasses.forV1Capacity(384));
        assertEquals(16.0, InstanceClasses.v1CapacityFor("db.r5.xlarge"));
    }
}
