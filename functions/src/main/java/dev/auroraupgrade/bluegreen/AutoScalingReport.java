package dev.auroraupgrade.bluegreen;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The output's account of blue's Application Auto Scaling: what this run re-created on the cluster id after the
 * switchover, and what Application Auto Scaling listed there just before (the state machine's reads).
 *
 * @param status                RECREATED; NOTHING_TO_RECREATE (blue had no scalable target); NOT_READ (the pre-flight
 *                              could not read it); NOT_RECREATED (no switchover in this run: switchoverPolicy NONE; or
 *                              the puts after the switchover failed, which never fails the run)
 * @param scheduledActionsRecreated blue's scheduled actions put again on the cluster id (with the policies)
 * @param listedAfterSwitchover the policies DescribeScalingPolicies listed on the resource id after the switchover,
 *                              before they were put again; null when not read
 */
public record AutoScalingReport(String resourceId, String status, String scalableTarget, List<String> policiesRecreated,
                                List<String> scheduledActionsRecreated, List<String> listedAfterSwitchover, String detail) {
    public static final String RECREATED = "RECREATED";
    public static final String NOTHING_TO_RECREATE = "NOTHING_TO_RECREATE";
    public static final String NOT_READ = "NOT_READ";
    public static final String NOT_RECREATED = "NOT_RECREATED";

    /** {@code scaling}: the state machine's record ({@code recreated}, {@code after}); null or empty when none ran. */
    static AutoScalingReport of(ReaderAutoScaling planned, JsonNode scaling, boolean switchedOver) {
        if (planned == null) {
            return null;
        }
        String id = planned.resourceId();
        if (planned.target() == null) {
            return planned.readProblem() != null
                    ? new AutoScalingReport(id, NOT_READ, null, List.of(), List.of(), null, "Application Auto Scaling could not be "
                        + "read at pre-flight (" + planned.readProblem() + "); nothing was re-created: check " + id
                        + " and re-create its scaling policies by hand")
                    : new AutoScalingReport(id, NOTHING_TO_RECREATE, null, List.of(), List.of(), null, "blue had no scalable target "
                        + "on " + id);
        }
        String target = ReaderAutoScaling.DIMENSION + " " + planned.target().minCapacity() + "-" + planned.target().maxCapacity();
        List<String> names = planned.policies().stream().map(ReaderAutoScaling.Policy::policyName).toList();
        List<String> actions = planned.scheduledActions().stream().map(ReaderAutoScaling.ScheduledAction::scheduledActionName)
                .toList();
        boolean recreated = scaling != null && scaling.path("recreated").asBoolean(false);
        if (!switchedOver) {
            return new AutoScalingReport(id, NOT_RECREATED, target, List.of(), List.of(), null, "no switchover in this run: re-create "
                    + "them after yours (next steps give the commands)");
        }
        if (!recreated) {
            JsonNode error = scaling == null ? null : scaling.get("error");
            String why = error == null || error.isNull() ? "this run did not put blue's target and policies again"
                    : "putting blue's target, policies and scheduled actions again failed (" + error.path("Error").asText() + ": "
                    + error.path("Cause").asText() + ")";
            List<String> all = new ArrayList<>(names);
            all.addAll(actions);
            return new AutoScalingReport(id, NOT_RECREATED, target, List.of(), List.of(), null, "switched over, but " + why
                    + ": re-create them (" + String.join(", ", all) + ") on " + id + " with the next steps' commands");
        }
        List<String> listed = null;
        JsonNode after = scaling.path("after").path("ScalingPolicies");
        if (after.isArray()) {
            listed = new ArrayList<>();
            for (JsonNode p : after) {
                if (id.equals(p.path("ResourceId").asText()) && ReaderAutoScaling.DIMENSION.equals(p.path("ScalableDimension").asText())) {
                    listed.add(p.path("PolicyName").asText());
                }
            }
        }
        String detail = "re-registered " + id + " (" + target + " replicas) and put " + names.size() + " scaling "
                + (names.size() == 1 ? "policy" : "policies") + (actions.isEmpty() ? "" : " and " + actions.size()
                + " scheduled " + (actions.size() == 1 ? "action" : "actions")) + " as they were on blue"
                + (listed == null ? "" : listed.isEmpty() ? "; none was listed on " + id + " after the switchover"
                    : "; listed on " + id + " after the switchover, before being put again: " + String.join(", ", listed));
        return new AutoScalingReport(id, RECREATED, target, names, actions, listed, detail);
    }
}
