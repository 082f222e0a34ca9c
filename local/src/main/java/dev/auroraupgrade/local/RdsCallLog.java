package dev.auroraupgrade.local;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every RDS call a handler attempts, in order, with the function that made it (before IAM or the local rules
 * answer): what a test counts to prove a dry run changes nothing, and what a benchmark counts as API load.
 */
public final class RdsCallLog implements ExecutionInterceptor {
    /**
     * One attempted call; {@code request} is the SDK's rendering of the request (identifiers, not secrets);
     * {@code virtualSeconds} the replay benchmark's clock at the call (null outside it); {@code account} the member
     * account a member stack's function made it in (null: the stack's own account, or a call through a member role
     * made by the orchestrator's functions, such as the fleet's planning reads).
     */
    public record Call(Instant at, Double virtualSeconds, String function, String operation, String request, String account) {
        /** Whether the call changes something (everything but Describe* and List*). */
        public boolean mutating() {
            return !operation.startsWith("Describe") && !operation.startsWith("List");
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile VirtualClock clock;

    /** Stamps each call with this clock's time too (the benchmarks); null stops. */
    public void stampWith(VirtualClock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        VirtualClock c = clock;
        calls.add(new Call(Instant.now(), c == null ? null : c.now(), IamEnforcer.currentFunction(),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request().toString(),
                LocalLambdaEndpoint.memberAccount()));
    }

    /** A position in the log, to read what came after it. */
    public int mark() {
        return calls.size();
    }

    /** The calls made since {@code mark}. */
    public List<Call> since(int mark) {
        return List.copyOf(calls.subList(mark, calls.size()));
    }
}
