package dev.auroraupgrade.common;

import com.fasterxml.jackson.databind.JsonNode;

/** How a caught error reads in an execution's final Error and Cause, for every workflow. */
public final class FailureText {
    private static final String ERROR_PACKAGE = "dev.auroraupgrade.errors.";

    private FailureText() {
    }

    /** Our exceptions arrive as fully qualified class names; operators see the simple name. */
    public static String errorName(String error) {
        if (error == null || error.isBlank()) {
            return "WorkflowFailed";
        }
        return error.startsWith(ERROR_PACKAGE) ? error.substring(ERROR_PACKAGE.length()) : error;
    }

    /** A Lambda error's Cause is its JSON error payload; keep only the message. */
    public static String causeMessage(String cause) {
        if (cause == null || cause.isBlank()) {
            return "(no reason given)";
        }
        try {
            JsonNode node = Json.MAPPER.readTree(cause);
            if (node != null && node.hasNonNull("errorMessage")) {
                return node.get("errorMessage").asText();
            }
        } catch (Exception notJson) {
            // plain text causes (States.*, PollLimitExceeded) are used as they are
        }
        return cause;
    }
}
