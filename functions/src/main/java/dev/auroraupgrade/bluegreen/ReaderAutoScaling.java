package dev.auroraupgrade.bluegreen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.common.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Application Auto Scaling of blue's Aurora Replicas ({@code cluster:<id>}, namespace rds, dimension
 * rds:cluster:ReadReplicaCount), as the state machine read it before the pre-flight. The Java SDK has no module for
 * Application Auto Scaling on this project's build, so the state machine calls it itself (AWS SDK service
 * integrations) and passes the answers here; after the switchover it re-registers the target and puts each policy
 * from this record.
 *
 * <p>Aurora User Guide, "Limitations and considerations for Aurora blue/green deployments": "Auto Scaling policies
 * configured on the blue DB cluster are not copied to the green environment. You must reconfigure them after
 * switchover, regardless of whether they were initially set up on the blue or green environment." The cluster id
 * {@code cluster:<id>} names green after the switchover, but AWS says the configuration does not follow; so the
 * workflow applies blue's target and policies again whatever DescribeScalingPolicies lists then.
 * RegisterScalableTarget and PutScalingPolicy both update what exists under the same name (Application Auto Scaling
 * API reference), so applying them again on a re-run changes nothing.
 *
 * @param recreate    true when blue has a scalable target: the state machine re-applies it after the switchover
 * @param target      blue's scalable target, or null when none is registered
 * @param policies    blue's scaling policies on that target, in the order AWS listed them
 * @param scheduledActions blue's scheduled actions on that target (DescribeScheduledActions), put again with the
 *                    policies: they belong to the same target, which AWS does not copy
 * @param readProblem why Application Auto Scaling could not be read (the state machine's caught error), or null
 */
public record ReaderAutoScaling(String resourceId, String serviceNamespace, String scalableDimension, boolean recreate,
                                Target target, List<Policy> policies, List<ScheduledAction> scheduledActions,
                                String readProblem) {
    public static final String NAMESPACE = "rds";
    public static final String DIMENSION = "rds:cluster:ReadReplicaCount";
    public static final String TARGET_TRACKING = "TargetTrackingScaling";
    public static final String STEP_SCALING = "StepScaling";

    /** RegisterScalableTarget's fields, as DescribeScalableTargets gave them. */
    public record Target(int minCapacity, int maxCapacity, JsonNode suspendedState) {
    }

    /** PutScalingPolicy's fields, as DescribeScalingPolicies gave them; {@code alarms}: the alarms AWS listed on it. */
    public record Policy(String policyName, String policyType, JsonNode targetTrackingScalingPolicyConfiguration,
                         JsonNode stepScalingPolicyConfiguration, List<String> alarms) {
    }

    /**
     * PutScheduledAction's fields, as DescribeScheduledActions gave them. {@code timezone} is UTC when none was listed
     * (PutScheduledAction's own default); {@code startTime} and {@code endTime} are null when the action has no such
     * bound (the state machine puts only the bounds it has); {@code scalableTargetAction}: its MinCapacity and/or
     * MaxCapacity, as listed.
     */
    public record ScheduledAction(String scheduledActionName, String schedule, String timezone, String startTime,
                                  String endTime, JsonNode scalableTargetAction) {
    }

    /** The Application Auto Scaling resource id of an Aurora cluster's replicas. */
    public static String resourceId(String clusterIdentifier) {
        return "cluster:" + clusterIdentifier;
    }

    /**
     * What the state machine read ({@code scalableTargets} and {@code scalingPolicies}: the DescribeScalableTargets and
     * DescribeScalingPolicies answers; {@code autoScalingError}: the caught error of either), for this cluster only: the answers
     * are filtered to exactly its resource id (the local emulator matches a resource id as a substring). Null when
     * nothing was read (a route that does not read it).
     */
    public static ReaderAutoScaling fromReads(JsonNode reads, String clusterIdentifier) {
        if (reads == null || reads.isNull() || reads.isMissingNode()) {
            return null;
        }
        String id = resourceId(clusterIdentifier);
        if (reads.hasNonNull("autoScalingError")) {
            JsonNode e = reads.get("autoScalingError");
            return new ReaderAutoScaling(id, NAMESPACE, DIMENSION, false, null, List.of(), List.of(),
                    e.path("Error").asText("unknown error") + ": " + e.path("Cause").asText(""));
        }
        Target target = null;
        for (JsonNode t : reads.path("scalableTargets").path("ScalableTargets")) {
            if (ours(t, id)) {
                JsonNode suspended = t.get("SuspendedState");
                if (suspended == null || !suspended.isObject()) {
                    // Not listed: RegisterScalableTarget's own default is nothing suspended.
                    ObjectNode none = Json.MAPPER.createObjectNode();
                    none.put("DynamicScalingInSuspended", false).put("DynamicScalingOutSuspended", false)
                            .put("ScheduledScalingSuspended", false);
                    suspended = none;
                }
                target = new Target(t.path("MinCapacity").asInt(), t.path("MaxCapacity").asInt(), suspended);
            }
        }
        List<Policy> policies = new ArrayList<>();
        for (JsonNode p : reads.path("scalingPolicies").path("ScalingPolicies")) {
            if (ours(p, id)) {
                List<String> alarms = new ArrayList<>();
                p.path("Alarms").forEach(a -> alarms.add(a.path("AlarmName").asText()));
                policies.add(new Policy(p.path("PolicyName").asText(), p.path("PolicyType").asText(),
                        p.get("TargetTrackingScalingPolicyConfiguration"), p.get("StepScalingPolicyConfiguration"),
                        List.copyOf(alarms)));
            }
        }
        List<ScheduledAction> actions = new ArrayList<>();
        for (JsonNode a : reads.path("scheduledActions").path("ScheduledActions")) {
            if (ours(a, id)) {
                actions.add(new ScheduledAction(a.path("ScheduledActionName").asText(), a.path("Schedule").asText(),
                        a.hasNonNull("Timezone") ? a.get("Timezone").asText() : "UTC", instant(a.get("StartTime")),
                        instant(a.get("EndTime")), a.get("ScalableTargetAction")));
            }
        }
        List<String> problems = new ArrayList<>();
        if (reads.path("scalingPolicies").hasNonNull("NextToken")) {
            problems.add("DescribeScalingPolicies listed more than one page for " + id + ": only the first "
                    + policies.size() + " policies were read");
        }
        if (reads.path("scheduledActions").hasNonNull("NextToken")) {
            problems.add("DescribeScheduledActions listed more than one page for " + id + ": only the first "
                    + actions.size() + " scheduled actions were read");
        }
        return new ReaderAutoScaling(id, NAMESPACE, DIMENSION, target != null, target, List.copyOf(policies),
                List.copyOf(actions), problems.isEmpty() ? null : String.join("; ", problems));
    }

    /**
     * A timestamp of the answer as ISO-8601 (what PutScheduledAction is given back), or null. The local interpreter
     * gives epoch milliseconds; what Step Functions gives on AWS is not verified here, so epoch seconds, milliseconds
     * (from the year 5138 on in seconds) and ISO-8601 text are all read.
     */
    static String instant(JsonNode time) {
        if (time == null || time.isNull() || time.asText().isBlank()) {
            return null;
        }
        String text = time.asText().trim();
        if (!time.isNumber() && !text.matches("[0-9]+(\\.[0-9]+)?")) {
            String iso = text.replace(' ', 'T');
            try {
                return java.time.OffsetDateTime.parse(iso).toInstant().toString();
            } catch (java.time.format.DateTimeParseException withoutOffset) {
                try {
                    return java.time.LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC).toString();
                } catch (java.time.format.DateTimeParseException e) {
                    return text; // put back as it was listed
                }
            }
        }
        double n = time.isNumber() ? time.asDouble() : Double.parseDouble(text);
        long millis = (long) (n >= 1e11 ? n : n * 1000);
        return java.time.Instant.ofEpochMilli(millis).toString();
    }

    private static boolean ours(JsonNode n, String id) {
        return id.equals(n.path("ResourceId").asText()) && DIMENSION.equals(n.path("ScalableDimension").asText())
                && NAMESPACE.equals(n.path("ServiceNamespace").asText());
    }

    /** The plan's notices about it, for the switchover policy {@code switchoverPolicy}. */
    public List<String> notices(String switchoverPolicy) {
        List<String> notices = new ArrayList<>();
        boolean byHand = BlueGreenPlan.NONE.equals(switchoverPolicy);
        if (readProblem != null && target == null) {
            notices.add("Application Auto Scaling on " + resourceId + " could not be read (" + readProblem + "): AWS "
                    + "does not copy scaling policies to green, so any on its replicas must be re-created by hand after "
                    + "the switchover");
            return notices;
        }
        if (readProblem != null) {
            notices.add(readProblem);
        }
        if (target == null) {
            notices.add("no Application Auto Scaling target on " + resourceId + ": no scaling policies to re-create after "
                    + "the switchover");
            return notices;
        }
        String names = policies.isEmpty() ? "" : " (" + String.join(", ", policies.stream().map(Policy::policyName).toList())
                + ")";
        String what = policies.size() == 1 ? "1 scaling policy" : policies.size() + " scaling policies";
        String scheduled = scheduledActions.isEmpty() ? "" : ", " + (scheduledActions.size() == 1 ? "1 scheduled action"
                : scheduledActions.size() + " scheduled actions") + " (" + String.join(", ", scheduledActions.stream()
                .map(ScheduledAction::scheduledActionName).toList()) + ")";
        notices.add(what + " on " + resourceId + names + scheduled + " and its scalable target (" + target.minCapacity() + "-"
                + target.maxCapacity() + " replicas) " + (byHand
                ? "are not copied to green: after your switchover, re-create them as the output says"
                : "will be re-created after the switchover") + " (AWS does not copy Application Auto Scaling to green)");
        for (Policy p : policies) {
            if (STEP_SCALING.equals(p.policyType())) {
                notices.add("scaling policy " + p.policyName() + " is step scaling: the CloudWatch alarms that invoke it ("
                        + (p.alarms().isEmpty() ? "none listed" : String.join(", ", p.alarms())) + ") are yours; after the "
                        + "switchover check that they invoke the policy as re-created");
            }
        }
        return notices;
    }

    /** The CLI commands that re-create it, for a switchover the DBA makes (switchoverPolicy NONE). */
    public List<String> commands() {
        List<String> out = new ArrayList<>();
        if (target == null) {
            return out;
        }
        String common = " --service-namespace " + serviceNamespace + " --resource-id " + resourceId
                + " --scalable-dimension " + scalableDimension;
        out.add("after your switchover, re-register the scalable target: aws application-autoscaling register-scalable-target"
                + common + " --min-capacity " + target.minCapacity() + " --max-capacity " + target.maxCapacity()
                + " --suspended-state '" + target.suspendedState() + "'");
        for (Policy p : policies) {
            boolean tracking = TARGET_TRACKING.equals(p.policyType());
            out.add("and put scaling policy " + p.policyName() + ": aws application-autoscaling put-scaling-policy"
                    + common + " --policy-name " + p.policyName() + " --policy-type " + p.policyType()
                    + (tracking ? " --target-tracking-scaling-policy-configuration '" + p.targetTrackingScalingPolicyConfiguration()
                    : " --step-scaling-policy-configuration '" + p.stepScalingPolicyConfiguration()) + "'");
        }
        for (ScheduledAction a : scheduledActions) {
            out.add("and put scheduled action " + a.scheduledActionName() + ": aws application-autoscaling put-scheduled-action"
                    + common + " --scheduled-action-name " + a.scheduledActionName() + " --schedule '" + a.schedule()
                    + "' --timezone " + a.timezone() + (a.startTime() == null ? "" : " --start-time " + a.startTime())
                    + (a.endTime() == null ? "" : " --end-time " + a.endTime()) + " --scalable-target-action '"
                    + a.scalableTargetAction() + "'");
        }
        return out;
    }
}
