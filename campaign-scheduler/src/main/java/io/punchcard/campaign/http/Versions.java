package io.punchcard.campaign.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.platform.http.ProblemException;

/** The versions of what two managers may edit at once: an ETag on reading, If-Match on changing. */
final class Versions {

    private Versions() {
    }

    /** The version named by If-Match, null when there is none; a 400 naming If-Match when it is no version. */
    static Integer ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).map(v -> {
            String value = v.strip();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            value = value.replace("\"", "");
            if (!value.matches("[0-9]{1,9}")) {
                throw new ProblemException(Problem.of("invalid-header", "A request header is invalid", 400,
                        "If-Match must be a version this API gave as an ETag, e.g. \"3\".", "If-Match"));
            }
            return Integer.parseInt(value);
        }).orElse(null);
    }

    /** The version named by If-Match, which the change requires (428 without it). */
    static int requiredIfMatch(ServerRequest req, String what) {
        Integer version = ifMatch(req);
        if (version == null) {
            throw new ProblemException(Problem.of("precondition-required", "If-Match required", 428,
                    "Name the version you change: If-Match: \"<version>\" (GET the " + what + " for its ETag).", null));
        }
        return version;
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }

    static ProblemException changedMeanwhile(String what, int current, int expected) {
        return new ProblemException(Problem.of("version-mismatch", "Changed meanwhile", 412, what + " is at version "
                + current + ", not " + expected + ": read it again and apply your change to that.", null));
    }
}
