package dev.auroraupgrade.migration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state machine passes the raw execution input and the execution name (used in tags). The input stays
 * raw here so that its errors name fields as the operator typed them.
 */
public record PreflightRequest(JsonNode input, String executionName) {
}
