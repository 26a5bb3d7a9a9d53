package io.punchcard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the wire contract, shared by the servers and the Java client so both sides
 * read and write the same shapes (ISO-8601 instants, no nulls, no nulls inside lists, unknown fields rejected). A number left out
 * reads as 0; request types box the numbers they require, so that "left out" can be told apart and refused.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // A misspelled field must be an error the caller sees, not a silently ignored value.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A null inside a list or map ([1, null]) means nothing in this contract: refuse it by its path.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    /** The shared mapper; it is thread-safe and must not be reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
