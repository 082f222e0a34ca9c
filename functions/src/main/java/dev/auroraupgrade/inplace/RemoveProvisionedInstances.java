package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Deletes the cluster's provisioned instances once a db.serverless instance is the writer, unless the input
 * keeps them. Never the writer: if a provisioned instance is the writer again (someone failed back), it stops.
 * The cluster, its storage and its snapshots are untouched; deleting a reader takes no backup of its own.
 */
public class RemoveProvisionedInstances extends InPlaceStep {
    public static final String STEP = "provisionedInstances";
    private static final Logger LOG = LoggerFactory.getLogger(RemoveProvisionedInstances.class);

    public RemoveProvisionedInstances() {
        this(AwsClients.rds());
    }

    public RemoveProvisionedInstances(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(InPlacePlan plan, Instant startedAt) {
        DBCluster cluster = cluster(plan);
        List<String> present = provisionedMembers(plan);
        // Only what pre-flight planned (and, after a v1 conversion, the writer AWS added): a reader someone added
        // since, or an Auto Scaling replica, is not this run's to delete.
        List<String> provisioned = present.stream().filter(i -> plan.provisionedInstances().contains(i)
                || plan.convertEngineMode()).toList();
        List<String> unplanned = present.stream().filter(i -> !provisioned.contains(i)).toList();
        if (plan.keepProvisionedInstances() || provisioned.isEmpty()) {
            return outcome(StepOutcome.SKIPPED, String.join(", ", provisioned), plan.keepProvisionedInstances()
                    ? "kept as asked (keepProvisionedInstances): " + String.join(", ", provisioned)
                    : "no provisioned instance left", startedAt);
        }
        String writer = FailoverToServerless.writer(cluster);
        if (provisioned.contains(writer)) {
            throw new ResourceFailedException("the writer of '" + plan.clusterIdentifier() + "' is the provisioned instance '"
                    + writer + "' again: nothing was deleted");
        }
        for (String id : provisioned) {
            RdsCalls.deleted(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id)), DbInstanceNotFoundException.class);
        }
        LOG.info("deleted provisioned instances of {}: {}", plan.clusterIdentifier(), provisioned);
        return outcome(StepOutcome.DELETED, String.join(", ", provisioned), "deleting " + String.join(", ", provisioned)
                + (unplanned.isEmpty() ? "" : "; not deleted, added after pre-flight: " + String.join(", ", unplanned)),
                startedAt);
    }

    /** The cluster's instances that are not db.serverless, as they stand now (AWS may have added one on conversion). */
    List<String> provisionedMembers(InPlacePlan plan) {
        return lookup.clusterInstances(plan.clusterIdentifier()).stream()
                .filter(i -> !InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .filter(i -> !"deleting".equals(i.dbInstanceStatus()))
                .map(i -> i.dbInstanceIdentifier()).sorted().toList();
    }
}
