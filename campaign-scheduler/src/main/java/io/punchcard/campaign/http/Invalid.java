package io.punchcard.campaign.http;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.punchcard.api.Problem;
import io.punchcard.platform.http.ProblemException;

/** Turns a domain refusal of a value into a 400 that names the field, as every Punchcard API does. */
final class Invalid {

    /** A domain message that starts with the field it is about: {@code variants.de.subject is required}. */
    private static final Pattern LEADING_FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9_.\\[\\]-]*)[ :]");

    private Invalid() {
    }

    /** A 400 for {@code e}, its field read from its message, under {@code prefix} (e.g. {@code template}). */
    static ProblemException from(IllegalArgumentException e, String prefix) {
        String message = e.getMessage() == null ? "is invalid" : e.getMessage();
        Matcher m = LEADING_FIELD.matcher(message);
        String field = m.find() && m.group(1).matches(".*[a-z].*") && !m.group(1).equals("a")
                && !m.group(1).equals("an") && !m.group(1).equals("the") ? m.group(1) : null;
        String path = field == null ? prefix : prefix == null ? field : prefix + "." + field;
        return ProblemException.invalidField(path, message);
    }

    /** A 400 listing every problem found. */
    static ProblemException all(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.invalid(errors));
    }

    /** The path parameter {@code name} as a UUID, or a 400 saying it must be {@code what}. */
    static java.util.UUID uuid(io.helidon.webserver.http.ServerRequest req, String name, String what) {
        try {
            return java.util.UUID.fromString(io.punchcard.platform.http.RequestParameters.path(req, name));
        } catch (IllegalArgumentException e) {
            throw field(name, "must be " + what + " (a UUID)");
        }
    }

    static ProblemException field(String field, String detail) {
        return ProblemException.invalidField(field, detail);
    }
}
