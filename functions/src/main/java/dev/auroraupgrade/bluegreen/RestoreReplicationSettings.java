package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * restoreReplicationSettings, after a successful switchover: the upgraded cluster (same id, green's group now) gets
 * the replication parameter back as blue had it before this run, only in a group this tool created for this cluster
 * and no other cluster uses (the old blue keeps blue's replication group). binlog_format and rds.logical_replication
 * are static parameters: the change applies at the writer's reboot (Aurora User Guide, "Rebooting an Amazon Aurora DB
 * cluster or Amazon Aurora DB instance": a changed parameter group stays pending-reboot, with no automatic reboot in the
 * maintenance window, and only an available instance can be rebooted; "Turning off logical replication" restarts the
 * publisher; AWS Knowledge Center: rds.logical_replication is static), which this
 * step asks for only with allowWriterReboot. Anything that forbids the change is the outcome's detail (SKIPPED), never
 * a failure: the upgrade has already happened. MODIFIED: the writer (the resource) reboots; the loop waits for it.
 */
public class RestoreReplicationSettings extends BlueGreenStep {
    /** The key of this step in the execution state and in the output's timeline. */
    public static final String STEP = "restoreReplication";
    private static final Logger LOG = LoggerFactory.getLogger(RestoreReplicationSettings.class);

    public RestoreReplicationSettings() {
        this(AwsClients.rds());
    }

    public RestoreReplicationSettings(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        String own = restoreBluesOwnGroup(plan);
        StepOutcome o = restoreUpgradedGroup(plan, startedAt);
        return own == null ? o : new StepOutcome(o.step(), o.action(), o.resourceIdentifier(), o.detail() + "; " + own,
                o.startedAt(), o.completedAt());
    }

    /**
     * Blue's own group (the old blue's now), where a run of this tool turned the setting on and recorded the value
     * before ({@link OwnershipTags#REPLICATION_TURNED_ON}): the value goes back, pending the old blue's reboot (not made:
     * the old blue serves no one), and the record is removed. Null when there is no record for this cluster.
     */
    private String restoreBluesOwnGroup(BlueGreenPlan plan) {
        String group = plan.blueParameterGroup();
        if (group == null || group.startsWith("default.")) {
            return null;
        }
        var record = ParameterGroups.replicationRecord(rds, group, plan.clusterIdentifier()).orElse(null);
        if (record == null) {
            return null;
        }
        String oldBlue = plan.clusterIdentifier() + "-old";
        List<String> others = rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> group.equals(c.dbClusterParameterGroup()) && !c.dbClusterIdentifier().startsWith(oldBlue))
                .map(DBCluster::dbClusterIdentifier).toList();
        if (!others.isEmpty()) {
            return "blue's own group " + group + " keeps " + record.parameter() + " on: " + String.join(", ", others)
                    + " now use it too, and a change would reach them (its tag " + OwnershipTags.REPLICATION_TURNED_ON
                    + " still says " + record.describe() + ")";
        }
        String value = PreflightBlueGreen.restoredValue(plan.engine(), record.valueBefore());
        // ModifyDBClusterParameterGroup and RemoveTagsFromResource on a group that is not this tool's: IAM allows both
        // only on a group carrying the record (template.yaml, aws:ResourceTag condition).
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                .parameterName(record.parameter()).parameterValue(value).applyMethod(ApplyMethod.PENDING_REBOOT)));
        ParameterGroups.forgetReplication(rds, group);
        LOG.info("restored {}={} in blue's own group {} and removed its record", record.parameter(), value, group);
        return "blue's own group " + group + " (the old blue's) has " + record.parameter() + "=" + value + " again, as "
                + "before this tool turned it on; its record (tag " + OwnershipTags.REPLICATION_TURNED_ON + ") is removed";
    }

    private StepOutcome restoreUpgradedGroup(BlueGreenPlan plan, Instant startedAt) {
        String id = plan.clusterIdentifier();
        String parameter = plan.replicationParameter();
        DBCluster cluster = lookup.cluster(id).orElseThrow(() ->
                new SourceClusterNotFoundException("cluster '" + id + "' does not exist after the switchover"));
        String group = cluster.dbClusterParameterGroup();
        String value = PreflightBlueGreen.restoredValue(plan.engine(), plan.replicationValueBefore());
        String refusal = refusal(plan, cluster, group);
        if (refusal != null) {
            LOG.info("replication setting of {} not restored: {}", id, refusal);
            return outcome(StepOutcome.SKIPPED, group, parameter + " not put back: " + refusal, startedAt);
        }
        boolean changed = !value.equalsIgnoreCase(String.valueOf(lookup.clusterParameter(group, parameter)));
        if (changed) {
            rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(p -> p
                    .parameterName(parameter).parameterValue(value).applyMethod(ApplyMethod.PENDING_REBOOT)));
        }
        String set = (changed ? "set " : "already ") + parameter + "=" + value + " in " + group;
        DBClusterMember writer = RdsLookup.writerMember(cluster).orElse(null);
        if (writer == null) {
            return outcome(StepOutcome.SKIPPED, group, set + "; '" + id + "' has no writer now: it applies at the "
                    + "writer's next reboot", startedAt);
        }
        String w = writer.dbInstanceIdentifier();
        // Read again: a change just made leaves the writer pending-reboot (not yet reported by every describe).
        boolean inSync = !changed && ResourceStatus.isInSync(writer.dbClusterParameterGroupStatus());
        if (inSync) {
            return outcome(StepOutcome.SKIPPED, group, set + "; writer " + w + " has it in-sync", startedAt);
        }
        if (!plan.allowWriterReboot()) {
            return outcome(StepOutcome.SKIPPED, group, set + "; it applies at the next reboot of writer " + w
                    + " (a static parameter; allowWriterReboot is false, so this run does not reboot it)", startedAt);
        }
        try {
            // Always asked for, even if the writer seems to be rebooting: a reboot begun before the change may not apply it.
            rds.rebootDBInstance(r -> r.dbInstanceIdentifier(w));
        } catch (InvalidDbInstanceStateException e) {
            if (lookup.instance(w).map(i -> ResourceStatus.REBOOTING.equals(i.dbInstanceStatus())).orElse(false)) {
                // A retried invocation whose first attempt rebooted it: wait for that reboot.
                return outcome(StepOutcome.MODIFIED, w, set + "; writer " + w + " is rebooting", startedAt);
            }
            // Not a failure after the switchover: the group holds the value; the next reboot applies it.
            return outcome(StepOutcome.SKIPPED, group, set + "; RDS refused to reboot writer " + w + " now ("
                    + e.awsErrorDetails().errorMessage() + "): it applies at the writer's next reboot", startedAt);
        }
        LOG.info("restored {}={} in {} and rebooted writer {} of {}", parameter, value, group, w, id);
        return outcome(StepOutcome.MODIFIED, w, set + "; rebooted writer " + w + " to apply it", startedAt);
    }

    /** Why the upgraded cluster's group may not be changed, or null. */
    private String refusal(BlueGreenPlan plan, DBCluster cluster, String group) {
        String id = plan.clusterIdentifier();
        if (!plan.turnsReplicationOn()) {
            return "it was already on in blue's group " + plan.blueParameterGroup() + " before this run";
        }
        if (plan.replicationRestoreRefusal() != null) {
            return plan.replicationRestoreRefusal();
        }
        if (group == null || group.startsWith("default.")) {
            return "'" + id + "' uses the default group " + group + ", which RDS does not let anyone change";
        }
        if (!ParameterGroups.owned(rds, group, true, id)) {
            return "'" + id + "' uses " + group + ", which this tool did not create for it (no "
                    + OwnershipTags.SOURCE + "=" + id + " tag): it changes only its own groups";
        }
        List<String> others = rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> group.equals(c.dbClusterParameterGroup()) && !id.equals(c.dbClusterIdentifier()))
                .map(DBCluster::dbClusterIdentifier).toList();
        if (!others.isEmpty()) {
            return group + " is also used by " + String.join(", ", others) + ", which a change would reach too";
        }
        return null;
    }
}
