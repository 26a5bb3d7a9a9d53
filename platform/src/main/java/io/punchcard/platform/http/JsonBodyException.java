package io.punchcard.platform.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * A request body that is not valid JSON or does not fit the expected shape. Carries what a client needs
 * to fix it — the field path and, in words, what was expected there — and none of Jackson's internals (Java
 * type names, source excerpts): those mean nothing to a client that is not written in Java.
 */
public final class JsonBodyException extends RuntimeException {

    private final String field;

    JsonBodyException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The offending field as a dotted path ({@code lines[2].quantity}), or null for the body as a whole. */
    public String field() {
        return field;
    }

    static JsonBodyException from(JsonProcessingException e) {
        // Jackson wraps what the parser refused inside a value in a mapping exception that carries the path;
        // the parser's own exception says what was wrong.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CheckedTextParser.UnsafeTextException unsafe) {
                return new JsonBodyException(unsafe.getOriginalMessage(), unsafe.field());
            }
            if (cause instanceof StreamConstraintsException) {
                return new JsonBodyException("The body nests deeper, or holds a longer number or text, than this "
                        + "server accepts.", null);
            }
            if (cause instanceof StreamReadException read) {
                return fromParser(read);
            }
        }
        String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
        String where = field == null ? "The body" : "Field '" + field + "'";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new JsonBodyException("Unknown field '" + unknown.getPropertyName() + "'.", field);
        }
        if (e instanceof InvalidTypeIdException typeId) {
            JsonBodyException named = typeIdProblem(typeId, field);
            if (named != null) {
                return named;
            }
        }
        if (e instanceof InvalidNullException && field != null) {
            return new JsonBodyException("Field '" + field + "' is null; a list holds no nulls.", field);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new JsonBodyException(where + " must be " + expected(mismatch.getTargetType()) + ".", field);
        }
        if (e instanceof ValueInstantiationException) {
            return new JsonBodyException(where + " has a value that is not allowed.", field);
        }
        return new JsonBodyException(where + " does not have the expected shape.", field);
    }

    /**
     * A polymorphic value ({@code {"type": "sweep", ...}}) whose type is missing or unknown: the fault is in its type
     * property, so that is the field named, with the types there are. Jackson names only the object that holds it.
     */
    private static JsonBodyException typeIdProblem(InvalidTypeIdException e, String field) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes subtypes = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        if (info == null || subtypes == null || info.include() != JsonTypeInfo.As.PROPERTY || info.property().isEmpty()) {
            return null;
        }
        String path = field == null ? info.property() : field + "." + info.property();
        String types = Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).collect(Collectors.joining(", "));
        return new JsonBodyException("Field '" + path + "' " + (e.getTypeId() == null ? "is required: " : "must be ")
                + "one of " + types + ".", path);
    }

    private static JsonBodyException fromParser(StreamReadException e) {
        JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
        String field = parser == null ? null : CheckedTextParser.path(parser.getParsingContext());
        String where = field == null ? "The body" : "Field '" + field + "'";
        if (e instanceof InputCoercionException coercion) {
            return new JsonBodyException(where + " holds a number beyond the range of "
                    + expected(coercion.getTargetType()) + ".", field);
        }
        var location = e.getLocation();
        String at = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new JsonBodyException("The body is not valid JSON" + at + ".", e instanceof JsonParseException ? null : field);
    }

    /** What a value of {@code type} looks like, in words a client in any language understands. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a timestamp like 2026-01-31T10:15:30Z";
        }
        if (type == LocalDateTime.class) {
            return "a date and time like 2026-01-31T10:15:30";
        }
        if (type == LocalDate.class) {
            return "a date like 2026-01-31";
        }
        if (type == LocalTime.class) {
            return "a time of day like 10:15";
        }
        if (type == Duration.class) {
            return "a duration like PT15M";
        }
        if (type == ZoneId.class) {
            return "a time zone like Europe/Berlin";
        }
        if (type == UUID.class) {
            return "an id like 3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        // Records, beans and maps alike.
        return "an object";
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
