package dev.auroraupgrade.checks;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JavaType;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.workflow.PollRequest;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a Wait -> Check -> Choice loop, for every readiness check. It never waits itself; the state
 * machine does, and compares {@code attempt} with its bound.
 */
public abstract class PollingCheck<Q extends PollRequest> extends JsonHandler<Q, PollState> {
    private static final Logger LOG = LoggerFactory.getLogger(PollingCheck.class);

    /** What one look at AWS found; {@code detail} says what is (not) ready, {@code note} what to know anyway. */
    public record Observation(boolean ready, String status, String detail, String note) {
        public Observation(boolean ready, String status, String detail) {
            this(ready, status, detail, null);
        }
    }

    protected PollingCheck(JavaType requestType) {
        super(requestType);
    }

    /** Looks once; throws the named error when the resource failed. */
    protected abstract Observation observe(Q request);

    @Override
    protected final PollState handle(Q request, Context context) {
        int attempt = (request.attempt() == null ? 0 : request.attempt()) + 1;
        Observation o = observe(request);
        String detail = o.ready() ? o.detail() : o.detail() + " after check " + attempt;
        LOG.info("check {}: ready={} status={} {}", attempt, o.ready(), o.status(), detail);
        return new PollState(attempt, o.ready(), o.status(), Instant.now().toString(), detail, o.note());
    }
}
