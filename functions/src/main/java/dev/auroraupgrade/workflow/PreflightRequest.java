package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pre-flight's input: the raw execution input and the execution name (used in tags). The input stays raw
 * here so that its errors name fields as the operator typed them.
 */
public record PreflightRequest(JsonNode input, String executionName) {
}
