package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** Every decision the fleet's planning step made: the clusters, in the order they run, and the bounds. */
public record FleetPlan(
        String workflow,
        String stateMachineArn,
        String fleetRunId,
        String childNamePrefix,
        String executionName,
        String startedAt,
        /** The overall cap: at most this many children at once in the whole fleet. */
        int maxConcurrency,
        /** At most this many children at once in one account and Region (each group's own cap is at most this). */
        int maxConcurrencyPerTarget,
        /**
         * How many groups run at once: maxConcurrency / maxConcurrencyPerTarget (at least 1), so that groups at once
         * times each group's cap stays within maxConcurrency.
         */
        int concurrentTargets,
        int canaryCount,
        int maxFailures,
        int maxClusters,
        int startSpacingSeconds,
        int childTimeoutSeconds,
        boolean dryRun,
        String selection,
        /** The canaries, by account and Region, in run order. */
        List<FleetGroup> canaryGroups,
        /** The other clusters, by account and Region, in run order. */
        List<FleetGroup> otherGroups,
        List<String> excluded,
        List<String> notices,
        /** An organization-wide fleet's member machines (for the failure budget); empty for one account. */
        List<MemberMachine> memberMachines,
        /** Targets whose clusters could not be read: reported, never started. */
        List<UnreachableTarget> unreachable) {

    /** The canaries in the order their rows come back (group after group). */
    @JsonIgnore
    public List<FleetMember> canaries() {
        return FleetGroup.flatten(canaryGroups);
    }

    /** The other clusters in the order their rows come back. */
    @JsonIgnore
    public List<FleetMember> others() {
        return FleetGroup.flatten(otherGroups);
    }
}
