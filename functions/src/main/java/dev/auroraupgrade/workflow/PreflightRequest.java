package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pre-flight's input: the raw execution input and the execution name (used in tags). The input stays raw
 * here so that its errors name fields as the operator typed them. {@code reads}: what the state machine itself read
 * before the pre-flight (AWS SDK service integrations, for services this build has no SDK module for); null when
 * the workflow reads nothing.
 */
public record PreflightRequest(JsonNode input, String executionName, JsonNode reads) {
    public PreflightRequest(JsonNode input, String executionName) {
        this(input, executionName, null);
    }
}
