package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Retirement, 2: once the final snapshot is available, deletion protection off (finalize turned it on) and the old
 * blue's instances deleted: Aurora deletes a cluster only without instances (Aurora User Guide, "Deleting Aurora DB
 * clusters and DB instances"). Every instance must carry finalize's tag, checked before any change.
 */
public class DeleteOldBlueInstances extends OldBlueStep {
    public static final String STEP = "oldBlueInstances";
    private static final Logger LOG = LoggerFactory.getLogger(DeleteOldBlueInstances.class);

    public DeleteOldBlueInstances() {
        this(AwsClients.rds());
    }

    public DeleteOldBlueInstances(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(OldBlueReport r, Instant startedAt) {
        var cluster = oldBlue(r);
        if (cluster.isEmpty()) {
            return outcome(StepOutcome.SKIPPED, "", "old blue " + r.oldBlueClusterIdentifier() + " is already gone", startedAt);
        }
        DBCluster old = cluster.get();
        List<DBInstance> members = lookup.clusterInstances(old.dbClusterIdentifier());
        members.forEach(i -> OldBlue.requireRetirable(i, r.clusterIdentifier()));
        requireFinalSnapshot(r);
        if (members.isEmpty()) {
            return outcome(StepOutcome.SKIPPED, "", "old blue " + old.dbClusterIdentifier() + " has no instances left", startedAt);
        }
        unprotect(old);
        List<String> ids = members.stream().map(DBInstance::dbInstanceIdentifier).sorted().toList();
        for (DBInstance i : members) {
            if (!"deleting".equals(i.dbInstanceStatus())) {
                RdsCalls.deleted(() -> rds.deleteDBInstance(d -> d.dbInstanceIdentifier(i.dbInstanceIdentifier())),
                        DbInstanceNotFoundException.class);
            }
        }
        LOG.info("deleting the instances of old blue {}: {}", old.dbClusterIdentifier(), ids);
        return outcome(StepOutcome.DELETED, String.join(",", ids), "deleting the instances of old blue "
                + old.dbClusterIdentifier() + ": " + String.join(", ", ids), startedAt);
    }
}
