package dev.auroraupgrade.bluegreen;

import software.amazon.awssdk.services.rds.model.BlueGreenDeploymentNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.ReplicationDegradedException;
import dev.auroraupgrade.iac.ClusterShape;
import dev.auroraupgrade.iac.IacFollowUp;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.FailureHandler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;

/**
 * Every failure of the Blue/Green workflow ends here. Before switchover (rejection, approval timeout, failed
 * check, INVALID_CONFIGURATION) it aborts: deletes the deployment and the green resources it created and
 * leaves blue serving. After a failed switchover it leaves everything for the operator and says so.
 */
public class ConcludeBlueGreenFailure extends FailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConcludeBlueGreenFailure.class);
    private final RdsClient rds;
    private final RdsLookup lookup;

    public ConcludeBlueGreenFailure() {
        this(AwsClients.rds());
    }

    public ConcludeBlueGreenFailure(RdsClient rds) {
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected String workflow() {
        return dev.auroraupgrade.workflow.WorkflowKind.BLUE_GREEN.id();
    }

    @Override
    protected Conclusion conclude(String error, JsonNode state) {
        JsonNode planNode = state.get("plan");
        if (planNode == null || !planNode.isObject()) {
            return Conclusion.of("Nothing was changed: the run stopped in pre-flight.");
        }
        BlueGreenPlan plan = Json.MAPPER.convertValue(planNode, BlueGreenPlan.class);
        JsonNode retiring = state.path("final").path("result").path("oldBlue");
        if (retiring.path("finalSnapshotIdentifier").isTextual()) {
            return Conclusion.of(retirementUnfinished(plan, Json.MAPPER.convertValue(retiring, OldBlueReport.class)));
        }
        List<String> done = new ArrayList<>();
        String outcome;
        try {
            BlueGreenDeployment d = lookup.blueGreenByName(plan.deploymentName())
                    .filter(x -> OwnershipTags.ownedBy(x.tagList(), plan.clusterIdentifier())).orElse(null);
            // Once a switchover was approved or requested, green is never deleted.
            boolean decided = state.has("approval") || state.path("steps").has(SwitchoverBlueGreenDeployment.STEP);
            var switchedOver = d == null ? OldBlue.ofBlue(rds, plan.clusterIdentifier(), plan.clusterResourceId())
                    : java.util.Optional.<software.amazon.awssdk.services.rds.model.DBCluster>empty();
            if (switchedOver.isPresent()) {
                // Finishing failed after the deployment object was deleted: blue is renamed, so this run switched over.
                return Conclusion.of("Switched over: '" + plan.clusterIdentifier() + "' now runs " + plan.targetEngineVersion()
                        + " and old blue is '" + switchedOver.get().dbClusterIdentifier() + "'. Finishing did not complete "
                        + "after the deployment object was deleted. Start the same input again to finish." + autoScaling(plan)
                        + iacAfterSwitchover(plan));
            } else if (d == null) {
                outcome = "No Blue/Green deployment of this upgrade exists (none was created, or the name belongs to "
                        + "another source and was left alone).";
            } else if (ResourceStatus.switchedOver(d.status())) {
                String oldBlue = OldBlue.find(rds, plan.clusterIdentifier(), plan.clusterResourceId())
                        .map(c -> c.dbClusterIdentifier()).orElse(plan.clusterIdentifier() + "-oldN");
                return Conclusion.of("Switched over: '" + plan.clusterIdentifier() + "' now runs "
                        + plan.targetEngineVersion() + ". Finishing did not complete: old blue '" + oldBlue
                        + "' may lack its tags and deletion protection, and deployment " + d.blueGreenDeploymentIdentifier()
                        + " still exists. Start the same input again to finish." + autoScaling(plan) + iacAfterSwitchover(plan));
            } else if (ResourceStatus.beforeSwitchover(d.status()) && !decided) {
                outcome = abort(plan, d, done) + (ReplicationDegradedException.class.getSimpleName().equals(error)
                        ? " Start the same input again to create the deployment anew (AWS's fix for degraded replication)."
                        : "");
            } else if (ResourceStatus.BG_AVAILABLE.equals(d.status())) {
                outcome = "Blue/Green deployment " + d.blueGreenDeploymentIdentifier() + " is kept with green ready: the "
                        + "switchover was approved or requested, and did not complete (RDS refused or rolled it back). "
                        + "Start the same input again to retry, or delete it: aws rds delete-blue-green-deployment "
                        + "--blue-green-deployment-identifier " + d.blueGreenDeploymentIdentifier() + " --delete-target";
            } else if (ResourceStatus.SWITCHOVER_FAILED.equals(d.status())) {
                outcome = "Blue/Green deployment " + d.blueGreenDeploymentIdentifier() + " is left as it is: RDS rolled the "
                        + "switchover back and blue '" + plan.clusterIdentifier() + "' serves. Start the same input again "
                        + "to retry, or delete it: aws rds delete-blue-green-deployment --blue-green-deployment-identifier "
                        + d.blueGreenDeploymentIdentifier() + " --delete-target";
            } else {
                outcome = "Blue/Green deployment " + d.blueGreenDeploymentIdentifier() + " is " + d.status()
                        + ": nothing was deleted; check it before acting";
            }
        } catch (SdkException e) {
            outcome = "Could not clean up (" + e.getMessage() + "): look for Blue/Green deployment " + plan.deploymentName();
        }
        return new Conclusion(List.of(outcome, blueNote(plan)), List.of(), done);
    }

    /**
     * After a switchover, blue's Application Auto Scaling may not have been put back: the cluster id now names green, so
     * a re-run's pre-flight reads green's (none, if AWS dropped blue's), and only this report still knows blue's.
     */
    private static String autoScaling(BlueGreenPlan plan) {
        ReaderAutoScaling a = plan.autoScaling();
        if (a == null || !a.recreate()) {
            return "";
        }
        return " Blue's Application Auto Scaling on " + a.resourceId() + " (" + a.policies().size() + " scaling "
                + (a.policies().size() == 1 ? "policy" : "policies") + ": " + String.join(", ", a.policies().stream()
                .map(ReaderAutoScaling.Policy::policyName).toList()) + (a.scheduledActions().isEmpty() ? "" : "; "
                + a.scheduledActions().size() + " scheduled: " + String.join(", ", a.scheduledActions().stream()
                .map(ReaderAutoScaling.ScheduledAction::scheduledActionName).toList())) + ") may not have been re-created (AWS does not copy "
                + "it to green, and a re-run reads what the cluster id has now); check "
                + "aws application-autoscaling describe-scaling-policies --service-namespace rds --resource-id "
                + a.resourceId() + ", and re-create what is missing: " + String.join("; ", a.commands().stream()
                .map(c -> c.replaceFirst("^after your switchover, ", "")).toList());
    }

    /**
     * After a switchover the cluster id serves the new version whether or not finishing completed, so the IaC is out of
     * step now. A re-run's pre-flight reads the switched-over cluster as its "before", so only this report still has
     * the values the IaC declares (the plan's shapeBefore) to compare with.
     */
    private String iacAfterSwitchover(BlueGreenPlan plan) {
        if (plan.shapeBefore() == null) {
            return "";
        }
        try {
            return lookup.cluster(plan.clusterIdentifier()).map(c -> {
                IacFollowUp f = IacFollowUp.diff(plan.shapeBefore(),
                        ClusterShape.of(c, lookup.clusterInstances(c.dbClusterIdentifier())), false, List.of());
                return f.changeCount() == 0 ? "" : " IaC follow-up: " + f.oneLine() + ".";
            }).orElse("");
        } catch (SdkException e) {
            return "";
        }
    }

    /** Finalize completed, so the upgrade stands; only the old blue's retirement stopped, and this says where. */
    private String retirementUnfinished(BlueGreenPlan plan, OldBlueReport r) {
        String where;
        try {
            String cluster = lookup.cluster(r.oldBlueClusterIdentifier()).map(c -> "still stands (" + c.status() + ", "
                    + lookup.clusterInstances(c.dbClusterIdentifier()).size() + " instance(s))").orElse("is deleted");
            String snapshot = lookup.clusterSnapshot(r.finalSnapshotIdentifier()).map(x -> "is " + x.status())
                    .orElse("does not exist");
            where = "old blue '" + r.oldBlueClusterIdentifier() + "' " + cluster + "; its final snapshot '"
                    + r.finalSnapshotIdentifier() + "' " + snapshot;
        } catch (SdkException e) {
            where = "old blue '" + r.oldBlueClusterIdentifier() + "' could not be described (" + e.getMessage() + ")";
        }
        return "Upgraded: '" + plan.clusterIdentifier() + "' runs " + plan.targetEngineVersion() + " and finalize completed. "
                + "Retiring the old blue did not complete: " + where + ". Only a cluster this workflow tagged "
                + OldBlue.TAG + "=" + plan.clusterIdentifier() + " is ever deleted. Start the same input again to retire it "
                + "(it waits retireOldBlueAfterHours again), or finish by hand.";
    }

    private String abort(BlueGreenPlan plan, BlueGreenDeployment d, List<String> done) {
        String green = BlueGreenStep.idOf(d.target());
        lookup.cluster(green).filter(g -> Boolean.TRUE.equals(g.deletionProtection())).ifPresent(g ->
                rds.modifyDBCluster(r -> r.dbClusterIdentifier(green).deletionProtection(false).applyImmediately(true)));
        // Deletion protection is a cluster setting on Aurora; an instance that still reports it is released too.
        lookup.clusterInstances(green).stream().filter(i -> Boolean.TRUE.equals(i.deletionProtection())).forEach(i ->
                rds.modifyDBInstance(r -> r.dbInstanceIdentifier(i.dbInstanceIdentifier()).deletionProtection(false)
                        .applyImmediately(true)));
        RdsCalls.deleted(() -> rds.deleteBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(d.blueGreenDeploymentIdentifier())
                .deleteTarget(true)), BlueGreenDeploymentNotFoundException.class);
        done.add("Blue/Green deployment " + d.blueGreenDeploymentIdentifier());
        done.add("green cluster " + green + " and its instances");
        LOG.warn("aborted {}: deleted deployment {} and green {}", plan.clusterIdentifier(), d.blueGreenDeploymentIdentifier(), green);
        return "Aborted before switchover: deleted Blue/Green deployment " + d.blueGreenDeploymentIdentifier()
                + " and green cluster " + green + " with its instances." + (plan.createTargetParameterGroup()
                    ? " Parameter group " + plan.targetParameterGroup() + " (created for green) is kept for the next run." : "");
    }

    private static String limits(BlueGreenPlan plan) {
        List<String> sized = plan.replicationSettings().stream().filter(s -> s.minimum() != null)
                .map(s -> s.name()).toList();
        return sized.isEmpty() ? "" : " and sizes " + String.join(", ", sized);
    }

    /** What remains changed on blue: only the replication setting in its parameter group, if it got that far. */
    private String blueNote(BlueGreenPlan plan) {
        try {
            boolean changed = lookup.cluster(plan.clusterIdentifier())
                    .map(c -> plan.replicationParameterGroup().equals(c.dbClusterParameterGroup())).orElse(false)
                    && plan.replicationValue().equals(lookup.clusterParameter(plan.replicationParameterGroup(),
                            plan.replicationParameter()));
            return "Blue '" + plan.clusterIdentifier() + "' keeps serving" + (changed
                    ? ", unchanged except its cluster parameter group " + plan.replicationParameterGroup() + " sets "
                      + plan.replicationParameter() + "=" + plan.replicationValue() + limits(plan) + " (kept for the next run)."
                    : ", unchanged.");
        } catch (SdkException e) {
            return "Blue '" + plan.clusterIdentifier() + "' was not switched over.";
        }
    }
}
