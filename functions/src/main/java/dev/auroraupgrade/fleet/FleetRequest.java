package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The planning step's event: the raw execution input, the fleet execution's name and start time, and the ARN of
 * each per-cluster state machine of this stack by workflow name (from the definition's substitutions).
 */
public record FleetRequest(JsonNode input, String executionName, String startTime, Map<String, String> stateMachines,
                           /** The fleet state machine's own ARN ($$.StateMachine.Id): its partition, Region, external id. */
                           String fleetStateMachineArn,
                           /**
                            * Input {@code organization}: the finished walk of the named OUs and their child OUs, with
                            * every account listed (ListAccountsForParent); null otherwise.
                            */
                           OrganizationWalk organizationWalk) {
}
