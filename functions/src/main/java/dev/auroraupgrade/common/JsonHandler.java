package dev.auroraupgrade.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import dev.auroraupgrade.errors.AwsErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Base of every function: typed JSON in and out with one strict mapper, JSON logs that carry the invocation's
 * Lambda context, and AWS SDK failures translated into the named errors the state machine retries or reports.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    /** True until this execution environment's first invocation starts (the log field cold_start). */
    static final AtomicBoolean COLD = new AtomicBoolean(true);

    private final JavaType inputType;

    protected JsonHandler(Class<I> inputType) {
        this(Json.type(inputType));
    }

    /** For generic events such as {@code StepRequest<MigrationPlan>}. */
    protected JsonHandler(JavaType inputType) {
        this.inputType = inputType;
        Priming.register(getClass(), this::prime);
    }

    /**
     * SnapStart priming (before the snapshot): builds this handler's JSON reader and writer and runs its clients'
     * request paths once, without calling AWS. Each handler class is primed once.
     */
    protected void prime() {
        try {
            Json.MAPPER.readerFor(inputType).readValue("{}");
        } catch (IOException | RuntimeException expected) {
            // an empty event is refused: the deserializers are built all the same
        }
        try {
            Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AwsClients.primeBuilt();
        RunMetrics.prime();
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) {
        // Every log line of this invocation carries these fields; cleared after, as the environment is reused.
        try {
            MDC.put("function_name", context.getFunctionName());
            MDC.put("function_request_id", context.getAwsRequestId());
            MDC.put("cold_start", Boolean.toString(COLD.getAndSet(false)));
            O result;
            try {
                result = handle(Json.<I>read(in, inputType), context);
            } catch (SdkException e) {
                throw AwsErrors.translate(e);
            }
            try {
                Json.MAPPER.writeValue(out, result);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } finally {
            MDC.clear();
        }
    }

    /** The function's work; exceptions reach the state machine as Error = the exception's class name. */
    protected abstract O handle(I input, Context context);
}
