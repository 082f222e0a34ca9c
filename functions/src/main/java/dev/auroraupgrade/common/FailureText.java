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

    /** A failed execution's error as reported: its own Error and Cause, and (for a nested child) its ARN and status. */
    public record Failure(String error, String cause, String executionArn, String status) {
    }

    /**
     * The error of a failed nested execution (startExecution.sync: Error States.TaskFailed, Cause the child's
     * DescribeExecution as JSON): the child's own Error and Cause and its ARN; anything else as it is.
     */
    public static Failure nestedFailure(String error, String cause) {
        if (!"States.TaskFailed".equals(error) || cause == null || !cause.trim().startsWith("{")) {
            return new Failure(error, cause, null, null);
        }
        try {
            JsonNode child = Json.MAPPER.readTree(cause);
            String childError = field(child, "Error");
            if (childError == null) {
                return new Failure(error, cause, null, null);
            }
            return new Failure(childError, field(child, "Cause"), field(child, "ExecutionArn"), field(child, "Status"));
        } catch (java.io.IOException e) {
            return new Failure(error, cause, null, null);
        }
    }

    private static String field(JsonNode node, String name) {
        JsonNode v = node.has(name) ? node.get(name) : node.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
        return v == null || v.isNull() ? null : v.asText();
    }
}
