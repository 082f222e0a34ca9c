package dev.auroraupgrade.checks;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JavaType;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.workflow.LoopPosition;
import dev.auroraupgrade.workflow.PollRequest;
import dev.auroraupgrade.workflow.PollSchedule;
import dev.auroraupgrade.workflow.PollSettings;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a Wait -> Check -> Choice loop, for every readiness check. It never waits itself: it answers with
 * the seconds until the next check ({@link PollSchedule}); the state machine waits them, and compares
 * {@code attempt} and {@code waitedSeconds} with the loop's bounds.
 */
public abstract class PollingCheck<Q extends PollRequest> extends JsonHandler<Q, PollState> {
    private static final Logger LOG = LoggerFactory.getLogger(PollingCheck.class);

    /**
     * What one look at AWS found; {@code detail} says what is (not) ready, {@code note} what to know anyway,
     * {@code progress} (0..1, null when RDS says nothing) how much of the operation RDS reports done.
     */
    public record Observation(boolean ready, String status, String detail, String note, Double progress) {
        public Observation(boolean ready, String status, String detail) {
            this(ready, status, detail, null, null);
        }

        public Observation(boolean ready, String status, String detail, String note) {
            this(ready, status, detail, note, null);
        }
    }

    protected PollingCheck(JavaType requestType) {
        super(requestType);
    }

    /** Looks once; throws the named error when the resource failed. */
    protected abstract Observation observe(Q request);

    /** What the check looks at; it fixes the jitter of the waits, so that different resources poll out of step. */
    protected abstract String resource(Q request);

    @Override
    protected final PollState handle(Q request, Context context) {
        LoopPosition loop = request.loop() == null ? new LoopPosition(null, null, null, null, null) : request.loop();
        PollSettings polling = loop.polling() == null ? PollSettings.MIGRATION_DEFAULTS : loop.polling();
        int attempt = (loop.attempt() == null ? 0 : loop.attempt()) + 1;
        PollSchedule.Operation operation = PollSchedule.Operation.of(loop.operation());
        // The loop's first wait is the plan's (the state machine's entry Wait); later ones are what this answered.
        int lastWait = loop.lastWaitSeconds() == null ? PollSchedule.firstWaitSeconds(operation, polling)
                : loop.lastWaitSeconds();
        int waited = (loop.waitedSeconds() == null ? 0 : loop.waitedSeconds()) + lastWait;
        Observation o = observe(request);
        String detail = o.ready() ? o.detail() : o.detail() + " after check " + attempt + " (" + waited + " s waited)";
        Integer next = o.ready() ? null : PollSchedule.nextWaitSeconds(operation,
                waited, o.progress(), polling, resource(request), attempt);
        LOG.info("check {}: ready={} status={} progress={} waited={}s next={}s {}", attempt, o.ready(), o.status(),
                o.progress(), waited, next, detail);
        return new PollState(attempt, o.ready(), o.status(), Instant.now().toString(), detail, o.note(), waited,
                lastWait, next);
    }
}
