package dev.auroraupgrade.fleet;

import java.util.List;

/**
 * Where the fleet state machine's walk of the named OUs and their child OUs stands (fleet input organization): the OU
 * it lists next ({@code current}, null once every OU is walked), the OUs found and not yet listed, in the order found
 * (breadth first), the OUs listed, and the accounts listed so far, each once. Built and advanced by
 * FleetOrganization (CheckFleetOrganization starts it, WalkOrganization takes in each OU's listing); PlanFleet reads
 * the finished walk. Kept small: it travels in the fleet's state (256 KiB) until the plan replaces it.
 */
public record OrganizationWalk(Unit current, List<Unit> pending, List<Unit> walked, List<Account> accounts) {
    /**
     * An OU of the walk: {@code named} is the input's OU it was reached from (itself for a named OU); {@code depth} is
     * 1 for a named OU, 2 for its child, and so on.
     */
    public record Unit(String ou, String named, int depth) {
    }

    /** An account as listed: its id, its state (State, or the retired Status when no State came) and its OU. */
    public record Account(String id, String state, String ou) {
    }
}
