package io.punchcard.api;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response of every Punchcard server.
 *
 * @param type     stable identifier of the kind of problem; clients switch on it
 * @param title    short human summary of the kind
 * @param status   the HTTP status code
 * @param detail   what went wrong this time, for a person
 * @param field    the offending request field (JSON pointer-like path), when one field is to blame
 * @param instance the request path the problem occurred on
 * @param errors   every invalid field, when there are several (an extension member)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String field, String instance,
                      List<FieldError> errors) {

    /**
     * One invalid field.
     *
     * @param field  its path, e.g. {@code lines[2].quantity}
     * @param detail what is wrong with it
     */
    public record FieldError(String field, String detail) {
    }

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://punchcard.io/problems/";

    /** A problem whose type is {@code https://punchcard.io/problems/<slug>}. */
    public static Problem of(String slug, String title, int status, String detail, String field) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, field, null, null);
    }

    /** A 400 listing every invalid field; {@code field} and {@code detail} name the first. */
    public static Problem invalid(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String detail = errors.size() == 1 ? first.field() + " " + first.detail()
                : first.field() + " " + first.detail() + " (and " + (errors.size() - 1) + " more in errors)";
        return new Problem(URI.create(TYPE_BASE + "invalid-field"), "A request field is invalid", 400, detail,
                first.field(), null, List.copyOf(errors));
    }

    /** The same problem, naming the request path it happened on. */
    public Problem at(String path) {
        return new Problem(type, title, status, detail, field, path, errors);
    }
}
