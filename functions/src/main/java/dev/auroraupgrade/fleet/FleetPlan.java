package dev.auroraupgrade.fleet;

import java.util.List;

/** Every decision the fleet's planning step made: the clusters, in the order they run, and the bounds. */
public record FleetPlan(
        String workflow,
        String stateMachineArn,
        String fleetRunId,
        String childNamePrefix,
        String executionName,
        String startedAt,
        int maxConcurrency,
        int canaryCount,
        int maxFailures,
        int maxClusters,
        int startSpacingSeconds,
        int childTimeoutSeconds,
        boolean dryRun,
        String selection,
        List<FleetMember> canaries,
        List<FleetMember> others,
        List<String> excluded,
        List<String> notices,
        /** An organization-wide fleet's member machines (for the failure budget); empty for one account. */
        List<MemberMachine> memberMachines,
        /** Targets whose clusters could not be read: reported, never started. */
        List<UnreachableTarget> unreachable) {
}
