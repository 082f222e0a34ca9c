package dev.auroraupgrade.common;

import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialized function, each handler runs its JSON
 * and SDK paths once, so their classes are loaded and initialized in the snapshot instead of on the first
 * invocation after a restore. No AWS call leaves: an SDK request is marshalled and signed, then stopped before
 * transmission ({@link #STOP_BEFORE_SENDING}, on every client {@link AwsClients} builds).
 */
public final class Priming {
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);

    /** Stops a request before it is sent, while this thread primes. */
    static final ExecutionInterceptor STOP_BEFORE_SENDING = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                       ExecutionAttributes attributes) {
            if (PRIMING.get()) {
                throw SdkClientException.create("priming: not sent");
            }
        }
    };

    /** Strong references (CRaC holds registered resources weakly), one per handler class. */
    private static final java.util.Map<Class<?>, Runnable> PRIMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.List<Resource> RESOURCES = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Priming() {
    }

    /** Registers a handler class's priming (once per class) to run before a snapshot is taken. */
    public static void register(Class<?> handler, Runnable prime) {
        if (PRIMES.putIfAbsent(handler, prime) != null) {
            return;
        }
        Resource r = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                prime.run();
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // nothing to renew: clients hold no connections across the snapshot (URLConnection opens per call)
            }
        };
        RESOURCES.add(r);
        Core.getGlobalContext().register(r);
    }

    /** Runs every registered priming now, as a checkpoint would (for the cold-start benchmark). */
    public static void primeNow() {
        PRIMES.values().forEach(Runnable::run);
    }

    /** Runs an SDK call up to its transmission and no further. */
    public static void marshalOnly(Supplier<?> call) {
        PRIMING.set(true);
        try {
            call.get();
        } catch (RuntimeException expected) {
            // stopped before sending, as intended
        } finally {
            PRIMING.set(false);
        }
    }
}
