package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;

/** A readiness check of one resource, named by its identifier: ready when its status classifies as READY. */
public abstract class ReadinessCheck<R> extends PollingCheck<CheckRequest> {
    protected final RdsLookup lookup;
    private final String kind;

    protected ReadinessCheck(RdsClient rds, String kind) {
        super(Json.type(CheckRequest.class));
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

    /** How much of the operation RDS reports done (0..1), or null when it says nothing. */
    protected Double progress(R resource) {
        return null;
    }

    @Override
    protected String resource(CheckRequest request) {
        return request.identifier();
    }

    /** Null when the resource looks as expected, else why it is not ready yet. */
    protected String unmetExpectation(R resource, CheckRequest request) {
        return null;
    }

    @Override
    protected Observation observe(CheckRequest request) {
        if (request.identifier() == null || request.identifier().isBlank()) {
            throw new InvalidInputException("identifier", "is required");
        }
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
        return new Observation(ready, status, ready ? kind + " '" + id + "' is available"
                : kind + " '" + id + "' is '" + status + "'" + (unmet == null ? "" : " (" + unmet + ")"), null,
                ready ? null : progress(resource));
    }
}
