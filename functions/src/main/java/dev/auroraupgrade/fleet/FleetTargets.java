package dev.auroraupgrade.fleet;

import dev.auroraupgrade.workflow.WorkflowKind;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a member account's part of an organization-wide fleet runs: the member stack (template.yaml with
 * OrchestratorAccountId set, deployed by StackSets) names its role and its state machines by the Region alone, since
 * StackSets name the stacks themselves; the orchestrator builds both ARNs from a target's account and Region.
 */
public final class FleetTargets {
    /** The member role's name is this and the Region (role names are per account, member stacks per Region). */
    public static final String MEMBER_ROLE_PREFIX = "aurora-upgrade-member-";
    /** A member stack's state machines are named this and the workflow's definition name. */
    public static final String MEMBER_MACHINE_PREFIX = "aurora-upgrade-member-";
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    /** us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, ... */
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private static final Map<WorkflowKind, String> MACHINES = Map.of(WorkflowKind.MIGRATE, "migrate-serverless-v1-to-v2",
            WorkflowKind.BLUE_GREEN, "blue-green-upgrade", WorkflowKind.IN_PLACE, "serverless-v2-in-place",
            WorkflowKind.REHEARSE, "rehearse-upgrade");

    private FleetTargets() {
    }

    /** The member stack's state machine of a workflow, by name. */
    public static String machineName(WorkflowKind kind) {
        return MEMBER_MACHINE_PREFIX + MACHINES.get(kind);
    }

    public static String machineArn(String partition, String account, String region, WorkflowKind kind) {
        return "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + machineName(kind);
    }

    /** The Region of the fleet state machine's ARN ($$.StateMachine.Id): the only one its children can run in. */
    public static String homeRegion(String fleetStateMachineArn) {
        String[] arn = fleetStateMachineArn == null ? new String[0] : fleetStateMachineArn.split(":");
        if (arn.length < 7 || !arn[2].equals("states")) {
            throw new IllegalStateException("the definition passes no fleet state machine ARN: " + fleetStateMachineArn);
        }
        return arn[3];
    }

    public static String roleName(String region) {
        return MEMBER_ROLE_PREFIX + region;
    }

    public static String roleArn(String partition, String account, String region) {
        return "arn:" + partition + ":iam::" + account + ":role/" + roleName(region);
    }
}
