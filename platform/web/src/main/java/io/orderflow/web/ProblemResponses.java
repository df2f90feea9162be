package io.orderflow.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the problem documents every Orderflow service answers errors with. Controllers throw them in a
 * {@link ProblemException}, which {@link ProblemDetailsAdvice} answers; what answers before Spring MVC (a filter, the
 * server's own handler) writes them with {@link #json(ProblemDetail)}.
 */
public final class ProblemResponses {

    /** The Retry-After of every 503: a client may send the request again in a second. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private static final String TYPE_BASE = "https://orderflow.io/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** Returns a problem of {@code status} with a type named after {@code slug}. */
    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
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

    /**
     * Returns the document of {@code problem} (its type, title, status, detail and further properties) as JSON, for an
     * answer written before Spring MVC sees the request.
     */
    public static byte[] json(ProblemDetail problem) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", problem.getType().toString());
        document.put("title", problem.getTitle());
        document.put("status", problem.getStatus());
        document.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            document.putAll(problem.getProperties());
        }
        return JSON.writeValueAsBytes(document);
    }

    /** Returns the 413 problem of a request body larger than {@code limit} bytes. */
    static ProblemDetail contentTooLarge(long limit) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Content too large",
                "The request body is larger than " + limit + " bytes");
    }

    /** Returns the URI that names the problem type {@code slug}. */
    static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error-" + status.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
