package dev.auroraupgrade.bluegreen;

import software.amazon.awssdk.services.rds.model.BlueGreenDeploymentNotFoundException;
import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.BlueGreenRules;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.VerificationFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import dev.auroraupgrade.workflow.StepRecord;
import dev.auroraupgrade.workflow.StepTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The last step. After a switchover: verifies the cluster id serves the target version, keeps the old blue
 * (tagged, deletion protection on) and deletes only the Blue/Green deployment object, never a cluster.
 * Under the NONE policy: reports green as ready and how to switch over.
 */
public class FinalizeBlueGreen extends JsonHandler<FinalizeBlueGreen.Request, BlueGreenResult> {
    private static final Logger LOG = LoggerFactory.getLogger(FinalizeBlueGreen.class);
    public static final String OLD_BLUE_OF = OldBlue.TAG;

    /** The plan and the steps this run recorded, each under its name. */
    public record Request(BlueGreenPlan plan, LinkedHashMap<String, StepRecord> steps,
                          /** The state machine's re-creation of blue's Application Auto Scaling (recreated, after). */
                          com.fasterxml.jackson.databind.JsonNode scaling) {
    }

    private final RdsClient rds;
    private final RdsLookup lookup;

    public FinalizeBlueGreen() {
        this(AwsClients.rds());
    }

    public FinalizeBlueGreen(RdsClient rds) {
        super(Request.class);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected BlueGreenResult handle(Request request, Context context) {
        Instant started = Instant.now();
        BlueGreenPlan plan = request.plan();
        if (plan == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightBlueGreen)");
        }
        String id = plan.clusterIdentifier();
        BlueGreenDeployment d = lookup.blueGreenByName(plan.deploymentName()).orElse(null);
        List<String> next = new ArrayList<>();
        if (d != null && ResourceStatus.BG_AVAILABLE.equals(d.status())) {
            String green = BlueGreenStep.idOf(d.target());
            next.add("switch over: aws rds switchover-blue-green-deployment --blue-green-deployment-identifier "
                    + d.blueGreenDeploymentIdentifier() + " --switchover-timeout " + plan.switchoverTimeoutSeconds());
            next.add("or discard green: aws rds delete-blue-green-deployment --blue-green-deployment-identifier "
                    + d.blueGreenDeploymentIdentifier() + " --delete-target (turn off deletion protection on " + green + " first)");
            if (plan.eventSchedulerOnBlue()) {
                next.add("after your switchover, turn event_scheduler back on: aws rds modify-db-cluster-parameter-group "
                        + "--db-cluster-parameter-group-name " + plan.targetParameterGroup()
                        + " --parameters ParameterName=event_scheduler,ParameterValue=ON,ApplyMethod=immediate");
            }
            ReaderAutoScaling blueScaling = plan.autoScaling(); // blue's scaling as the pre-flight read it (no AWS call)
            if (blueScaling != null) {
                next.addAll(blueScaling.commands());
            }
            var blue = dev.auroraupgrade.iac.ClusterShape.read(lookup, id).orElse(null);
            return result("GREEN_READY", plan, request, started, d, false, green, null, null, null, null, next,
                    iac(plan, blue, List.of("the switchover is yours (switchoverPolicy NONE): only blue's own changes are "
                            + "listed; after it, the cluster's engine version and groups are green's (" + green + ")")));
        }
        if (d != null && !ResourceStatus.switchedOver(d.status())) {
            throw new VerificationFailedException("Blue/Green deployment '" + plan.deploymentName() + "' is " + d.status()
                    + "; expected SWITCHOVER_COMPLETED");
        }
        DBCluster cluster = lookup.cluster(id).orElseThrow(() ->
                new VerificationFailedException("cluster '" + id + "' does not exist after switchover"));
        if (!plan.targetEngineVersion().equals(cluster.engineVersion())) {
            throw new VerificationFailedException("cluster '" + id + "' runs " + cluster.engineVersion() + " after switchover, not "
                    + plan.targetEngineVersion());
        }
        String oldBlue = OldBlue.find(rds, id, plan.clusterResourceId()).map(DBCluster::dbClusterIdentifier).orElse(null);
        if (oldBlue == null && d != null) {
            // A switchover always leaves old blue: not finding it means something is off; keep the deployment.
            throw new VerificationFailedException("'" + id + "' switched over, but its old blue (" + id + "-oldN) was "
                    + "not found; Blue/Green deployment " + d.blueGreenDeploymentIdentifier() + " is kept for inspection");
        }
        OldBlueReport report = oldBlue == null ? null : report(keepOldBlue(oldBlue, plan), plan);
        if (plan.eventSchedulerOnBlue() && !plan.alreadyUpgraded() && plan.targetParameterGroup().equals(cluster.dbClusterParameterGroup())
                && !BlueGreenRules.isOn(lookup.clusterParameter(plan.targetParameterGroup(), BlueGreenRules.EVENT_SCHEDULER))) {
            // A dynamic parameter: it applies without a reboot.
            rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(plan.targetParameterGroup()).parameters(p -> p
                    .parameterName(BlueGreenRules.EVENT_SCHEDULER).parameterValue("ON").applyMethod(ApplyMethod.IMMEDIATE)));
            next.add("event_scheduler is ON again in " + plan.targetParameterGroup() + ", as it was on blue");
        }
        if (d != null) {
            // Only the deployment object: DeleteTarget is not allowed after switchover, and old blue stays.
            RdsCalls.deleted(() -> rds.deleteBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(d.blueGreenDeploymentIdentifier())),
                    BlueGreenDeploymentNotFoundException.class);
        }
        if (report != null && report.retireAfter() != null) {
            next.add("old blue " + oldBlue + " is kept read-only with deletion protection until " + report.retireAfter()
                    + " (retireOldBlueAfterHours " + report.retireAfterHours() + "); then this run snapshots it to "
                    + report.finalSnapshotIdentifier() + " (kept) and deletes its instances and the cluster");
        } else {
            next.add("old blue " + oldBlue + " is kept read-only with deletion protection; when no longer needed: aws rds "
                    + "modify-db-cluster --db-cluster-identifier " + oldBlue + " --no-deletion-protection --apply-immediately, "
                    + "then delete its instances and the cluster (or run again with retireOldBlueAfterHours)");
        }
        ReplicationSettingsReport replication = replicationSettings(plan, cluster, request.steps());
        if (replication != null && !ReplicationSettingsReport.RESTORED.equals(replication.status())
                && !ReplicationSettingsReport.NOT_NEEDED.equals(replication.status())) {
            next.add(replication.detail());
        }
        LOG.info("{} now serves {}; old blue {}", id, cluster.engineVersion(), oldBlue);
        String status = plan.alreadyUpgraded() ? "ALREADY_UPGRADED" : "SWITCHED_OVER";
        if (plan.alreadyUpgraded()) {
            next.add(0, "nothing was deployed: an earlier run already upgraded '" + id + "' to " + cluster.engineVersion()
                    + " and its deployment is gone");
        }
        List<String> iacNotes = new ArrayList<>();
        if (oldBlue != null) {
            iacNotes.add(OldBlue.iacNote(id, "old blue " + oldBlue, report != null && report.retireAfter() != null
                    ? "at " + report.retireAfter() : null));
        }
        if (plan.alreadyUpgraded()) {
            iacNotes.add("an earlier run made this upgrade: this run compares with what its own pre-flight saw (the "
                    + "upgraded cluster); the earlier run's output has the list");
        } else if (plan.resumed()) {
            iacNotes.add("this run resumed an earlier one: 'from' is what this run's pre-flight read, which may already "
                    + "hold the earlier run's change to blue's parameter group (" + plan.replicationParameterGroup()
                    + "); your template has the values from before the first run");
        }
        var now = dev.auroraupgrade.iac.ClusterShape.of(cluster, lookup.clusterInstances(id));
        return result(status, plan, request, started, d, true, id, oldBlue, report, replication, cluster.endpoint(), next,
                iac(plan, now, iacNotes));
    }

    /** The pre-flight's shape against the cluster now (UNKNOWN for a plan without one). */
    private static dev.auroraupgrade.iac.IacFollowUp iac(BlueGreenPlan plan, dev.auroraupgrade.iac.ClusterShape now,
                                                        List<String> notes) {
        return plan.shapeBefore() == null ? dev.auroraupgrade.iac.IacFollowUp.unknown(plan.clusterIdentifier())
                : dev.auroraupgrade.iac.IacFollowUp.diff(plan.shapeBefore(), now, false, notes);
    }

    /**
     * The replication setting as RDS has it now on the upgraded cluster, judged against what this run did
     * ({@link RestoreReplicationSettings}'s record); null when this run did not turn one on and was not asked to
     * put one back.
     */
    private ReplicationSettingsReport replicationSettings(BlueGreenPlan plan, DBCluster cluster,
                                                          LinkedHashMap<String, StepRecord> steps) {
        if (plan.alreadyUpgraded() || (!plan.turnsReplicationOn() && !plan.restoresReplication())) {
            return null;
        }
        String parameter = plan.replicationParameter();
        String group = cluster.dbClusterParameterGroup();
        String value = group == null ? null : lookup.clusterParameter(group, parameter);
        String before = PreflightBlueGreen.restoredValue(plan.engine(), plan.replicationValueBefore());
        var writer = RdsLookup.writerMember(cluster).orElse(null);
        String writerId = writer == null ? null : writer.dbInstanceIdentifier();
        String writerStatus = writer == null ? null : writer.dbClusterParameterGroupStatus();
        if (!plan.turnsReplicationOn()) {
            return new ReplicationSettingsReport(ReplicationSettingsReport.NOT_NEEDED, parameter, group, value, before,
                    writerId, writerStatus, null, parameter + " was already on in blue's group before this run; nothing to put back");
        }
        String cost = BlueGreenRules.replicationCost(plan.engine());
        if (!plan.restoresReplication()) {
            return new ReplicationSettingsReport(ReplicationSettingsReport.LEFT_ON, parameter, group, value, before,
                    writerId, writerStatus, null, "this run turned " + parameter + " on for Blue/Green and it stays on in " + group
                    + " (" + cost + "); to put it back to " + before + ": set it in " + group + " and reboot the writer, or "
                    + "run with restoreReplicationSettings next time");
        }
        StepRecord step = steps == null ? null : steps.get(RestoreReplicationSettings.STEP);
        String did = step == null || step.outcome() == null ? "the restore step did not run" : step.outcome().detail();
        Long rebootSeconds = step == null ? null : step.measuredSeconds();
        boolean back = before.equalsIgnoreCase(String.valueOf(value));
        if (back && ResourceStatus.isInSync(writerStatus)) {
            return new ReplicationSettingsReport(ReplicationSettingsReport.RESTORED, parameter, group, value, before,
                    writerId, writerStatus, rebootSeconds, parameter + " is " + value + " again on '" + plan.clusterIdentifier() + "', as "
                    + "blue had it before this run (" + did + ")");
        }
        if (back) {
            return new ReplicationSettingsReport(ReplicationSettingsReport.PENDING_REBOOT, parameter, group, value, before,
                    writerId, writerStatus, rebootSeconds, parameter + " is " + value + " in " + group + " but applies only at the next "
                    + "reboot of writer " + writerId + ", which RDS does not make for it, not even in the maintenance window "
                    + "(Aurora User Guide, \"Rebooting an Amazon Aurora DB cluster or Amazon Aurora DB instance\"): "
                    + "aws rds reboot-db-instance --db-instance-identifier " + writerId + " (" + did + "); until then " + cost);
        }
        return new ReplicationSettingsReport(ReplicationSettingsReport.NOT_RESTORED, parameter, group, value, before,
                writerId, writerStatus, rebootSeconds, did + "; " + parameter + " stays " + value + " on '" + plan.clusterIdentifier()
                + "' (" + cost + ")");
    }

    /**
     * Each moment this run interrupted blue's or the upgraded cluster's clients, in the order they ran: the minor
     * upgrade first (a restart), blue's writer reboot for the replication group, the switchover, the upgraded
     * writer's reboot for the restored setting. Green's failover to db.serverless is not one: green served no client.
     */
    static List<dev.auroraupgrade.workflow.Interruption> interruptions(BlueGreenPlan plan,
                                                                      LinkedHashMap<String, StepRecord> records,
                                                                      boolean switchedOver) {
        List<dev.auroraupgrade.workflow.Interruption> all = new ArrayList<>();
        if (records == null) {
            return all;
        }
        StepRecord minor = records.get(UpgradeBlueMinorVersion.STEP);
        StepRecord replication = records.get(PrepareBlueReplication.STEP);
        StepRecord switchover = records.get(SwitchoverBlueGreenDeployment.STEP);
        StepRecord restore = records.get(RestoreReplicationSettings.STEP);
        if (minor != null) {
            all.add(dev.auroraupgrade.workflow.Interruption.of(UpgradeBlueMinorVersion.STEP, "minor upgrade of blue to "
                    + plan.minorUpgradeFirst() + " in place (its instances restart)", minor.outcome(), minor.poll(),
                    "blue available at " + plan.minorUpgradeFirst()));
        }
        if (replication != null && replication.reboot() != null) {
            // The reboot's own outcome; the replication loop's last check is the one that saw the writer in sync.
            all.add(dev.auroraupgrade.workflow.Interruption.of(RebootWriterInstance.STEP, "reboot of blue's writer "
                    + plan.writerInstanceIdentifier() + " to apply " + plan.replicationParameter(),
                    replication.reboot().outcome(), replication.poll(), "the writer in sync with "
                    + plan.replicationParameterGroup()));
        }
        if (switchedOver && switchover != null) {
            all.add(dev.auroraupgrade.workflow.Interruption.of(SwitchoverBlueGreenDeployment.STEP, "Blue/Green switchover "
                    + "(writes stop while RDS renames green to '" + plan.clusterIdentifier() + "')", switchover.outcome(),
                    switchover.poll(), "SWITCHOVER_COMPLETED"));
        }
        if (restore != null) {
            all.add(dev.auroraupgrade.workflow.Interruption.of(RestoreReplicationSettings.STEP, "reboot of the upgraded "
                    + "writer" + (restore.outcome() == null ? "" : " " + restore.outcome().resourceIdentifier())
                    + " to apply the restored " + plan.replicationParameter(), restore.outcome(), restore.poll(),
                    "the writer in sync"));
        }
        all.removeIf(java.util.Objects::isNull);
        return all;
    }

    /** What becomes of the old blue: kept, or retired after the plan's hours into a snapshot named after it. */
    private static OldBlueReport report(DBCluster old, BlueGreenPlan plan) {
        Integer hours = plan.retireOldBlueAfterHours();
        if (hours == null) {
            return new OldBlueReport(plan.clusterIdentifier(), old.dbClusterIdentifier(), plan.oldBlueMonthlyExtendedSupport(),
                    null, null, null, OldBlueReport.KEPT);
        }
        return new OldBlueReport(plan.clusterIdentifier(), old.dbClusterIdentifier(), plan.oldBlueMonthlyExtendedSupport(),
                hours, Instant.now().plusSeconds(hours * 3600L).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                dev.auroraupgrade.rds.RdsNames.oldBlueFinalSnapshot(old.dbClusterIdentifier(), old.dbClusterResourceId()),
                OldBlueReport.RETIREMENT_SCHEDULED);
    }

    private DBCluster keepOldBlue(String oldBlue, BlueGreenPlan plan) {
        DBCluster old = lookup.cluster(oldBlue).orElseThrow(() ->
                new VerificationFailedException("old blue '" + oldBlue + "' does not exist after switchover"));
        List<Tag> tags = new ArrayList<>(OwnershipTags.of(PreflightBlueGreen.WORKFLOW, plan.clusterIdentifier(), plan.executionName()));
        tags.add(Tag.builder().key(OLD_BLUE_OF).value(plan.clusterIdentifier()).build());
        rds.addTagsToResource(r -> r.resourceName(old.dbClusterArn()).tags(tags));
        // Its instances too: the abort's and finalize's IAM deny deleting anything that carries this tag.
        lookup.clusterInstances(oldBlue).forEach(i -> rds.addTagsToResource(r -> r.resourceName(i.dbInstanceArn()).tags(tags)));
        if (!Boolean.TRUE.equals(old.deletionProtection())) {
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(oldBlue).deletionProtection(true).applyImmediately(true));
        }
        return old;
    }

    private static BlueGreenResult result(String status, BlueGreenPlan plan, Request request, Instant started,
                                          BlueGreenDeployment d, boolean deleted, String green, String oldBlue,
                                          OldBlueReport report, ReplicationSettingsReport replication, String endpoint,
                                          List<String> next, dev.auroraupgrade.iac.IacFollowUp iacFollowUp) {
        LinkedHashMap<String, StepRecord> records = request.steps();
        StepRecord switchover = records == null ? null : records.get(SwitchoverBlueGreenDeployment.STEP);
        Long switchoverSeconds = null;
        String measurement = "no switchover in this run";
        if (switchover != null && switchover.outcome() != null && switchover.poll() != null
                && switchover.poll().checkedAt() != null) {
            switchoverSeconds = StepTiming.seconds(switchover.outcome().startedAt(), switchover.poll().checkedAt());
            Integer lastWait = switchover.poll().lastWaitSeconds();
            measurement = "from the switchover request to the first check that saw SWITCHOVER_COMPLETED (resolution: "
                    + (lastWait == null ? "the wait before that check" : "the " + lastWait + " s wait before that check")
                    + ")";
        }
        List<StepTiming> steps = StepTiming.timeline(plan.preflightStartedAt(), plan.preflightCompletedAt(),
                plan.clusterIdentifier() + " " + plan.currentEngineVersion() + " -> " + plan.targetEngineVersion(),
                records, "finalize", started, status);
        Long greenFailoverSeconds = records == null ? null : dev.auroraupgrade.inplace.FailoverToServerless.measured(
                records.get(dev.auroraupgrade.inplace.FailoverToServerless.STEP));
        java.util.Map<String, Long> measured = new LinkedHashMap<>();
        measured.put("SwitchoverSeconds", switchoverSeconds);
        measured.put("GreenFailoverSeconds", greenFailoverSeconds);
        dev.auroraupgrade.common.RunMetrics.succeeded(dev.auroraupgrade.workflow.WorkflowKind.BLUE_GREEN.id(),
                plan.clusterIdentifier(), measured, steps);
        AutoScalingReport scaling = AutoScalingReport.of(plan.autoScaling(), request.scaling(), !"GREEN_READY".equals(status));
        if (scaling != null && plan.alreadyUpgraded() && AutoScalingReport.NOTHING_TO_RECREATE.equals(scaling.status())) {
            // This run's pre-flight read the cluster id after an earlier switchover: it named green, not blue.
            scaling = new AutoScalingReport(scaling.resourceId(), AutoScalingReport.NOT_READ, null, List.of(), List.of(), null,
                    "an earlier run of this upgrade switched over, so this run read " + scaling.resourceId() + " as green "
                            + "has it: what blue had is in that run's output (autoScaling)");
        }
        if (scaling != null && AutoScalingReport.NOT_RECREATED.equals(scaling.status()) && !"GREEN_READY".equals(status)) {
            ReaderAutoScaling blueScaling = plan.autoScaling(); // as the pre-flight read it (no AWS call)
            next = new java.util.ArrayList<>(next);
            next.addAll(blueScaling.commands());
        }
        return new BlueGreenResult(status, plan.clusterIdentifier(), endpoint, plan.engine(), plan.currentEngineVersion(),
                plan.targetEngineVersion(), plan.engineVersionSource(), plan.deploymentName(),
                d == null ? null : d.blueGreenDeploymentIdentifier(), deleted, green, oldBlue,
                plan.replicationParameterGroup(), plan.targetParameterGroup(), plan.switchoverPolicy(), switchoverSeconds,
                measurement, greenFailoverSeconds, interruptions(plan, records, "SWITCHED_OVER".equals(status)),
                report, scaling, replication, next, iacFollowUp, StepRecord.notices(plan.notices(), records), steps,
                StepTiming.seconds(plan.preflightStartedAt(), Instant.now().toString()), plan.standing());
    }
}
