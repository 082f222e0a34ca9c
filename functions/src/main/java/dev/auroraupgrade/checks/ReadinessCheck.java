package dev.auroraupgrade.checks;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One poll of a Wait -> Check -> Choice loop. It never waits itself; the state machine does, and
 * compares {@code attempt} with its bound.
 */
public abstract class ReadinessCheck<R> extends JsonHandler<CheckRequest, PollState> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);
    protected final RdsLookup lookup;
    private final String kind;

    protected ReadinessCheck(RdsClient rds, String kind) {
        super(CheckRequest.class);
        this.lookup = new RdsLookup(rds);
        this.kind = kind;
    }

    /** The resource, or empty when it does not exist. */
    protected abstract Optional<R> describe(String identifier);

    protected abstract String status(R resource);

    protected abstract ResourceStatus classify(String status);

    /** The error a failed status ends the run with. */
    protected RuntimeException failed(R resource, String identifier, String status) {
        return new ResourceFailedException(kind + " '" + identifier + "' is in status '" + status + "'");
    }

    /** Null when the resource looks as expected, else why it is not ready yet. */
    protected String unmetExpectation(R resource, CheckRequest request) {
        return null;
    }

    @Override
    protected PollState handle(CheckRequest request, Context context) {
        if (request.identifier() == null || request.identifier().isBlank()) {
            throw new InvalidInputException("identifier", "is required");
        }
        int attempt = (request.attempt() == null ? 0 : request.attempt()) + 1;
        String id = request.identifier();
        R resource = describe(id).orElseThrow(() -> new ResourceFailedException(
                kind + " '" + id + "' does not exist any more (deleted outside this workflow?)"));
        String status = status(resource);
        ResourceStatus state = classify(status);
        if (state == ResourceStatus.FAILED) {
            throw failed(resource, id, status);
        }
        String unmet = state == ResourceStatus.READY ? unmetExpectation(resource, request) : null;
        boolean ready = state == ResourceStatus.READY && unmet == null;
        String detail = ready ? kind + " '" + id + "' is available"
                : kind + " '" + id + "' is '" + status + "'" + (unmet == null ? "" : " (" + unmet + ")")
                        + " after check " + attempt;
        LOG.info("{} {} status={} ready={} attempt={}", kind, id, status, ready, attempt);
        return new PollState(attempt, ready, status, Instant.now().toString(), detail);
    }
}
