package io.orderflow.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem documents every Orderflow service answers errors with. */
public final class ProblemResponses {

    private static final String TYPE_BASE = "https://orderflow.io/problems/";

    private ProblemResponses() {
    }

    /** Returns a problem of {@code status} with a type named after {@code slug}. */
    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** Returns a 400 problem that lists every broken rule. */
    public static ProblemDetail invalidRequest(List<FieldError> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Returns a 404 problem for a missing resource. */
    public static ProblemDetail notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    /** Returns a 409 problem for a request that conflicts with the resource's state. */
    public static ProblemDetail conflict(String slug, String detail) {
        return problem(HttpStatus.CONFLICT, slug, "Conflict", detail);
    }

    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error-" + status.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
