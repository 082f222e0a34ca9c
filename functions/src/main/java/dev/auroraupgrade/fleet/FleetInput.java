package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The fleet execution's input, as an operator writes it (README, "Fleets"). */
public record FleetInput(
        String workflow,
        List<JsonNode> clusters,
        /** Member accounts (and Regions) whose clusters the selector picks, each through its member role. */
        List<FleetTarget> targets,
        /** {organizationalUnits, regions}: checked by FleetOrganization; the OUs' ACTIVE accounts become the targets. */
        JsonNode organization,
        FleetSelector selector,
        ObjectNode defaults,
        /** The overall cap: children at once in the whole fleet. */
        Integer maxConcurrency,
        /** Children at once in one account and Region (RDS throttles each alone); at most maxConcurrency. */
        Integer maxConcurrencyPerTarget,
        Integer canaryCount,
        Integer maxFailures,
        Integer maxClusters,
        Integer startSpacingSeconds,
        Boolean dryRun,
        String fleetRunId) {
}
