package io.punchcard.api.client;

import io.punchcard.api.Problem;

/** The core refused a request (a problem with a 4xx or 5xx status), or could not be reached in time. */
public final class PunchcardException extends RuntimeException {

    private final transient Problem problem;

    PunchcardException(Problem problem) {
        super(problem.status() + " " + problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    PunchcardException(String message, Throwable cause) {
        super(message, cause);
        this.problem = null;
    }

    /** The problem the core answered with; null when it could not be reached. */
    public Problem problem() {
        return problem;
    }

    /** The HTTP status, or 0 when the core could not be reached. */
    public int status() {
        return problem == null ? 0 : problem.status();
    }
}
