package io.punchcard.platform.http;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A request body that is not valid JSON or does not fit the expected shape. Carries what a client needs
 * to fix it — the field path and a plain reason — and none of Jackson's internals (class names, source
 * excerpts).
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
        if (e instanceof JsonParseException parse) {
            var location = parse.getLocation();
            return new JsonBodyException("The body is not valid JSON (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ").", null);
        }
        String field = e instanceof DatabindException mapping ? path(mapping) : null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new JsonBodyException("Unknown field '" + unknown.getPropertyName() + "'.", field);
        }
        if (e instanceof InvalidNullException && field != null) {
            return new JsonBodyException("Field '" + field + "' is null; a list holds no nulls.", field);
        }
        String reason = e.getOriginalMessage();
        // Jackson's own wording names Java types; keep only the first clause, which says what was wrong.
        int cut = reason == null ? -1 : reason.indexOf(" (");
        if (cut > 0) {
            reason = reason.substring(0, cut);
        }
        return new JsonBodyException(field == null
                ? "The body does not have the expected shape."
                : "Field '" + field + "' has a value of the wrong kind" + (reason == null ? "." : ": " + simplify(reason)),
                field);
    }

    private static String simplify(String reason) {
        return reason.replaceAll("`[a-zA-Z_$.]+\\.([A-Za-z_$]+)`", "$1") + ".";
    }

    private static String path(DatabindException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return null;
        }
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
