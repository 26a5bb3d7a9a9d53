package io.punchcard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the wire contract, shared by the servers and the Java client so both sides
 * read and write the same shapes (ISO-8601 instants, no nulls, no nulls inside lists, unknown fields rejected). A number left out
 * reads as 0; request types box the numbers they require, so that "left out" can be told apart and refused.
 *
 * <p>Reading is strict: a value is taken only as the kind it was written as. Jackson's defaults would turn
 * {@code 10.7} into 10 points, {@code "10"} into a number and {@code true} into the name "true", and would ignore
 * anything after the first JSON value; each of those is refused instead, because a client that sends them has
 * a bug that a silent guess would hide.
 */
public final class Json {

    /**
     * How deep objects and lists may nest. The deepest document of the contract (a program's earning rules) nests
     * under ten levels; Jackson's default of 1000 lets a few kilobytes of brackets cost deep recursion.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // A misspelled field must be an error the caller sees, not a silently ignored value.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A null inside a list or map ([1, null]) means nothing in this contract: refuse it by its path.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // The feature above leaves numbers and booleans read as text, and numbers as booleans: refuse those too.
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    /** The shared mapper; it is thread-safe and must not be reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * {@code value} as JSON text. For values of our own types, which always serialise: a failure is a bug, so it
     * is unchecked.
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads JSON text that we wrote ourselves (a stored column, our own answer); not for a caller's input, whose
     * mistakes deserve a 400 with the field named, not an exception.
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON as " + type.getSimpleName(), e);
        }
    }

    /** As {@link #read(String, Class)}, for a generic type. */
    public static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON as " + type.getType(), e);
        }
    }
}
