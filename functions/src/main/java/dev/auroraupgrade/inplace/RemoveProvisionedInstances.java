package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * Deletes the cluster's provisioned instances once a db.serverless instance is the writer, unless the input
 * keeps them. Never the writer: if a provisioned instance is the writer again (someone failed back), it stops.
 * The cluster, its storage and its snapshots are untouched; deleting a reader takes no backup of its own. An
 * instance RDS will not delete yet (restarting after the failover) is answered WAITING, and the state machine calls
 * this again once it settles.
 */
public class RemoveProvisionedInstances extends ComputeStep {
    public static final String STEP = "provisionedInstances";
    private static final Logger LOG = LoggerFactory.getLogger(RemoveProvisionedInstances.class);

    public RemoveProvisionedInstances() {
        this(AwsClients.rds());
    }

    public RemoveProvisionedInstances(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(ComputeMove plan, Instant startedAt) {
        DBCluster cluster = cluster(plan);
        List<String> present = provisionedMembers(plan);
        // Only what pre-flight planned (and, after a v1 conversion, the writer AWS added): a reader someone added
        // since, or an Auto Scaling replica, is not this run's to delete.
        List<String> provisioned = present.stream().filter(i -> planned(plan, i)).toList();
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
        // After the failover the old writer restarts; RDS refuses to delete a changing instance
        // (InvalidDBInstanceState). That is "not yet", never a failure: this runs after an irreversible step, and the
        // state machine waits until they settle (bounded) and calls this again.
        List<String> changing = lookup.clusterInstances(plan.clusterIdentifier()).stream()
                .filter(i -> provisioned.contains(i.dbInstanceIdentifier()))
                .filter(i -> ResourceStatus.ofInstance(i.dbInstanceStatus()) == ResourceStatus.IN_PROGRESS)
                .map(i -> i.dbInstanceIdentifier() + " is '" + i.dbInstanceStatus() + "'").toList();
        if (!changing.isEmpty()) {
            return notYet(provisioned, String.join(", ", changing), startedAt);
        }
        List<String> refused = new ArrayList<>();
        for (String id : provisioned) {
            try {
                RdsCalls.deleted(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id)), DbInstanceNotFoundException.class);
            } catch (InvalidDbInstanceStateException e) {
                refused.add(id);
            }
        }
        if (!refused.isEmpty()) {
            return notYet(refused, "RDS refused to delete " + String.join(", ", refused) + " in its current state", startedAt);
        }
        // Planned instances an earlier attempt of this step deleted are still "deleting" on AWS: they count as removed.
        List<String> removed = new ArrayList<>(deleting(plan));
        provisioned.stream().filter(i -> !removed.contains(i)).forEach(removed::add);
        LOG.info("deleted provisioned instances of {}: {}", plan.clusterIdentifier(), removed);
        return outcome(StepOutcome.DELETED, String.join(", ", removed), "deleting " + String.join(", ", removed)
                + (unplanned.isEmpty() ? "" : "; not deleted, added after pre-flight: " + String.join(", ", unplanned)),
                startedAt);
    }

    private StepOutcome notYet(List<String> instances, String why, Instant startedAt) {
        LOG.info("not deleting yet: {}", why);
        return outcome(StepOutcome.WAITING, String.join(",", instances), "not yet: " + why
                + "; deleting once they are available", startedAt);
    }

    /** This run's provisioned instances RDS is deleting now. */
    private List<String> deleting(ComputeMove plan) {
        return lookup.clusterInstances(plan.clusterIdentifier()).stream()
                .filter(i -> !InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .filter(i -> "deleting".equals(i.dbInstanceStatus()))
                .filter(i -> planned(plan, i.dbInstanceIdentifier()))
                .map(i -> i.dbInstanceIdentifier()).sorted().toList();
    }

    /** The cluster's instances that are not db.serverless, as they stand now (AWS may have added one on conversion). */
    List<String> provisionedMembers(ComputeMove plan) {
        return lookup.clusterInstances(plan.clusterIdentifier()).stream()
                .filter(i -> !InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .filter(i -> !"deleting".equals(i.dbInstanceStatus()))
                .map(i -> i.dbInstanceIdentifier()).sorted().toList();
    }
}
