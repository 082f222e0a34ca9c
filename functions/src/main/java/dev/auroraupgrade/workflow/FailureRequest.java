package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A caught error and the execution state at that point (whatever shape it had). */
public record FailureRequest(String error, String cause, JsonNode state) {
}
