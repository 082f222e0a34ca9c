package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One cluster of a fleet: its child execution's deterministic name (a re-run of the fleet with the same
 * fleetRunId starts the same name, so it resumes instead of duplicating), the name used when that child has ended
 * unsuccessfully, the child's input (defaults, then the cluster's own fields, then dryRun), and how long its
 * iteration waits before starting it (first wave only: see {@link PlanFleet#groups}).
 */
public record FleetMember(String clusterIdentifier, String childName, String retryName, ObjectNode input,
                          int startDelaySeconds,
                          /** A member account's cluster (fleet input targets): its account and Region; else null. */
                          String account, String region,
                          /** The member stack's state machine the child runs in, and the role it is started through. */
                          String stateMachineArn, String roleArn) {
    FleetMember(String clusterIdentifier, String childName, String retryName, ObjectNode input, int startDelaySeconds) {
        this(clusterIdentifier, childName, retryName, input, startDelaySeconds, null, null, null, null);
    }

    FleetMember withStartDelay(int seconds) {
        return new FleetMember(clusterIdentifier, childName, retryName, input, seconds, account, region, stateMachineArn, roleArn);
    }

    /** "account/region" of a member account's cluster; null for this account's own. */
    String target() {
        return account == null ? null : account + "/" + region;
    }
}
