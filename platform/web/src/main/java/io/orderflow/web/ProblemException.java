package io.orderflow.web;

import org.springframework.http.ProblemDetail;

/** Carries a finished problem document from a controller to the client. */
public final class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    /** Returns the problem to answer with. */
    public ProblemDetail problem() {
        return problem;
    }
}
