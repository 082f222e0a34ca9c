package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A caught error and the execution state at that point (whatever shape it had). {@code cause} may be left out:
 * the state's {@code failure.Cause} is read then (a definition cannot pass a Cause that may be missing).
 */
public record FailureRequest(String error, String cause, JsonNode state) {
}
