package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.FailureText;
import dev.auroraupgrade.common.JsonHandler;

/**
 * A cluster of the fleet failed (its child execution, or starting it): the row names the child's own error (not
 * States.TaskFailed) and a short cause, so the fleet's rows stay small whatever the child said.
 */
public class ReportClusterFailure extends JsonHandler<ReportClusterFailure.Request, FleetRow> {
    /** Causes longer than this are cut in the row; the child execution keeps the whole text. */
    static final int MAX_CAUSE = 300;

    /** {@code failure} is the caught error as Step Functions gives it: Error, and usually Cause. */
    public record Request(String clusterIdentifier, String childName, com.fasterxml.jackson.databind.JsonNode failure) {
    }

    public ReportClusterFailure() {
        super(Request.class);
    }

    @Override
    protected FleetRow handle(Request r, Context context) {
        String error = r.failure() == null ? null : r.failure().path("Error").asText(null);
        String caught = r.failure() == null ? null : r.failure().path("Cause").asText(null);
        FailureText.Failure failure = FailureText.nestedFailure(error, caught);
        String cause = FailureText.causeMessage(failure.cause());
        if (cause.length() > MAX_CAUSE) {
            cause = cause.substring(0, MAX_CAUSE) + "... (the rest in execution " + r.childName() + ")";
        }
        return new FleetRow(r.clusterIdentifier(), FleetRow.FAILED, null, null, null, null,
                FailureText.errorName(failure.error()), cause, null, false, failure.executionArn(), java.util.List.of(),
                java.util.List.of(), null, null, null, null, null, null, null, null);
    }
}
