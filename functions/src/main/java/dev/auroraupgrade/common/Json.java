package dev.auroraupgrade.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.auroraupgrade.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** One strictly configured mapper: wrong JSON types and unknown fields are named errors, never coerced. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** Reads a Lambda event. */
    public static <T> T read(InputStream in, JavaType type) {
        try {
            return nonNull(MAPPER.readValue(in, type));
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** Reads a part of an event (for example the execution input inside a wrapper), naming fields from there. */
    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return nonNull(MAPPER.treeToValue(node, type));
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** The type of a generic event, for example {@code StepRequest<MigrationPlan>}. */
    public static JavaType type(Class<?> raw, Class<?>... parameters) {
        return parameters.length == 0 ? MAPPER.constructType(raw)
                : MAPPER.getTypeFactory().constructParametricType(raw, parameters);
    }

    private static <T> T nonNull(T value) {
        if (value == null) {
            throw new InvalidInputException("input", "is empty; expected a JSON object");
        }
        return value;
    }

    private static RuntimeException translate(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return new InvalidInputException(u.getPropertyName(), "is not a known field (known fields: " + known + ")");
        }
        if (e instanceof JsonMappingException m) {
            return new InvalidInputException(fieldPath(m), "has the wrong JSON type or format: "
                    + m.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (e instanceof JacksonException j) {
            return new InvalidInputException("input", "is not valid JSON: " + j.getOriginalMessage());
        }
        return new UncheckedIOException(e);
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "input" : path;
    }
}
