package dev.auroraupgrade.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.auroraupgrade.errors.AwsErrors;
import dev.auroraupgrade.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every function: typed JSON in and out with one strict mapper, Powertools JSON logs, and
 * AWS SDK failures translated into the named errors the state machine retries or reports.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) {
        PowertoolsLogging.withLogging(context, () -> {
            O result;
            try {
                result = handle(read(in), context);
            } catch (SdkException e) {
                throw AwsErrors.translate(e);
            }
            try {
                Json.MAPPER.writeValue(out, result);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** The function's work; exceptions reach the state machine as Error = the exception's class name. */
    protected abstract O handle(I input, Context context);

    private I read(InputStream in) {
        try {
            I value = Json.MAPPER.readValue(in, inputType);
            if (value == null) {
                throw new InvalidInputException("input", "the event is empty; expected a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new InvalidInputException(e.getPropertyName(),
                    "is not a known field (known fields: " + known + ")");
        } catch (JsonMappingException e) {
            throw new InvalidInputException(fieldPath(e), "has the wrong JSON type or format: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JacksonException e) {
            throw new InvalidInputException("input", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "input" : path;
    }
}
