package io.punchcard.loyalty.http;

import java.util.List;
import java.util.UUID;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/** What the core's HTTP services share: reading ids and parameters, and refusing invalid requests. */
final class Requests {

    private Requests() {
    }

    /** The value of a checked request, or a 400 problem listing every violation. */
    static <T> T valid(Checked<T> checked) {
        return switch (checked) {
            case Checked.Ok<T> ok -> ok.value();
            case Checked.Invalid<T> invalid -> throw invalid(invalid.violations());
        };
    }

    static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(Problem.invalid(violations.stream()
                .map(v -> new Problem.FieldError(v.field(), v.message())).toList()));
    }

    /** A path parameter that must be a UUID. */
    static UUID uuid(ServerRequest req, String name) {
        String raw = RequestParameters.path(req, name);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("not-found", "Not Found", Status.NOT_FOUND_404.code(),
                    "'" + raw + "' is not a member id.", name));
        }
    }

    /** A query parameter that must be a whole number within bounds, or its default. */
    static long number(ServerRequest req, String name, long defaultValue, long min, long max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.invalidField(name, name + " must be a whole number from " + min + " to " + max + ".");
    }

    /** 404 for a member that does not exist. */
    static ProblemException memberNotFound(UUID id) {
        return new ProblemException(Problem.of("member-not-found", "No such member", 404,
                "There is no member " + id + ".", "id"));
    }
}
