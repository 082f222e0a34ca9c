package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.checks.CheckClusterReady;
import dev.auroraupgrade.errors.UpgradeFailedException;
import dev.auroraupgrade.errors.VerificationFailedException;
import dev.auroraupgrade.migration.VerifyServerlessV2Cluster;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** The README's failures table: each named error is what the real handler raises for the situation it names. */
class FailureClaimsTest {
    private final LocalEnvironment env = TestEmulator.get();
    private final RdsClient rds = env.cleanRds();

    @Test
    void anUpgradeThatDidNotHappenIsUpgradeFailedException() {
        // Available at the old version with no upgrade pending: what RDS shows after failed upgrade prechecks.
        String id = TestEmulator.uniqueId("claims-upgrade");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        var e = assertThrows(UpgradeFailedException.class, () -> TestEmulator.invokeAs("CheckClusterReadyFunction",
                new CheckClusterReady(env.rds()), Map.of("identifier", id, "expectedEngineVersion", "8.0.mysql_aurora.3.08.2",
                        "loop", Map.of("operation", "upgrade", "attempt", 3))));
        assertTrue(e.getMessage().contains("no upgrade is pending") && e.getMessage().contains("upgrade-prechecks.log"),
                e.getMessage());
    }

    @Test
    void aTargetNotAsPlannedIsVerificationFailedException() throws Exception {
        // The sample plan's target exists but its writer is provisioned: verification names what differs.
        String id = TestEmulator.uniqueId("claims-verify");
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.08.2");
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(id).serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5)
                .maxCapacity(8.0)).applyImmediately(true));
        String event = Files.readString(TestEmulator.root().resolve("events/VerifyServerlessV2ClusterFunction.json"))
                .replace("\"demo-mysql-v2\"", "\"" + id + "\"").replace("\"demo-mysql-v2-writer\"", "\"" + id + "-1\"");
        var e = assertThrows(VerificationFailedException.class, () -> TestEmulator.invokeAs(
                "VerifyServerlessV2ClusterFunction", new VerifyServerlessV2Cluster(env.rds()), event));
        assertTrue(e.getMessage().contains("writer class is db.r6g.large, expected db.serverless"), e.getMessage());
    }
}
