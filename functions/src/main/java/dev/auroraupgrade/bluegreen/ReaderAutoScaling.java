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
 * @param readProblem why Application Auto Scaling could not be read (the state machine's caught error), or null
 */
public record ReaderAutoScaling(String resourceId, String serviceNamespace, String scalableDimension, boolean recreate,
                                Target target, List<Policy> policies, String readProblem) {
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
            return new ReaderAutoScaling(id, NAMESPACE, DIMENSION, false, null, List.of(),
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
        String problem = null;
        if (reads.path("scalingPolicies").hasNonNull("NextToken")) {
            problem = "DescribeScalingPolicies listed more than one page for " + id + ": only the first "
                    + policies.size() + " policies were read";
        }
        return new ReaderAutoScaling(id, NAMESPACE, DIMENSION, target != null, target, List.copyOf(policies), problem);
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
        notices.add(what + " on " + resourceId + names + " and its scalable target (" + target.minCapacity() + "-"
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
        return out;
    }
}
