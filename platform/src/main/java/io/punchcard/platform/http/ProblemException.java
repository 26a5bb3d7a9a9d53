package io.punchcard.platform.http;

import io.punchcard.api.Problem;

/**
 * Thrown at the HTTP edge when a request cannot be served as asked (bad input, missing key); turned into
 * a problem+json response by {@link Problems}. Domain code returns outcomes instead of throwing this.
 */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400: a request field is missing or invalid. */
    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(Problem.of("invalid-field", "A request field is invalid", 400, detail, field));
    }
}
