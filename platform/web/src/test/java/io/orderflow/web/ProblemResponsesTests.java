package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

class ProblemResponsesTests {

    @Test
    void namesAProblemsTypeAfterItsSlug() {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, "out-of-stock", "Out of stock",
                "SKU-1 has 2 left");

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).isEqualTo(URI.create("https://orderflow.io/problems/out-of-stock"));
        assertThat(problem.getTitle()).isEqualTo("Out of stock");
        assertThat(problem.getDetail()).isEqualTo("SKU-1 has 2 left");
    }

    @Test
    void describesOneBrokenRuleInItsDetailAndManyByTheirNumber() {
        FieldError quantity = new FieldError("lines[0].quantity", "must be at least 1");

        ProblemDetail one = ProblemResponses.invalidRequest(List.of(quantity));
        ProblemDetail two = ProblemResponses.invalidRequest(List.of(quantity, new FieldError("customer",
                "must not be blank")));

        assertThat(one.getStatus()).isEqualTo(400);
        assertThat(one.getDetail()).isEqualTo("lines[0].quantity: must be at least 1");
        assertThat(one.getProperties()).containsEntry("errors", List.of(quantity));
        assertThat(two.getDetail()).isEqualTo("2 fields are invalid");
        assertThat(two.getType()).isEqualTo(URI.create("https://orderflow.io/problems/invalid-request"));
    }

    @Test
    void buildsNotFoundAndConflictProblems() {
        assertThat(ProblemResponses.notFound("No order o-1").getStatus()).isEqualTo(404);
        assertThat(ProblemResponses.notFound("No order o-1").getType())
                .isEqualTo(URI.create("https://orderflow.io/problems/not-found"));
        assertThat(ProblemResponses.conflict("not-cancellable", "shipped").getStatus()).isEqualTo(409);
        assertThat(ProblemResponses.conflict("not-cancellable", "shipped").getType())
                .isEqualTo(URI.create("https://orderflow.io/problems/not-cancellable"));
    }

    @Test
    void spellsAStatusAsASlugAndOneItDoesNotKnowByItsNumber() {
        assertThat(ProblemResponses.slugOf(HttpStatus.METHOD_NOT_ALLOWED)).isEqualTo("method-not-allowed");
        assertThat(ProblemResponses.slugOf(HttpStatusCode.valueOf(599))).isEqualTo("error-599");
    }

    @Test
    void writesAProblemAsJsonForAnAnswerWrittenBeforeSpringMvc() {
        ProblemDetail tooLarge = ProblemResponses.contentTooLarge(1024);
        ProblemDetail invalid = ProblemResponses.invalidRequest(List.of(new FieldError("sku", "must say \"x\"")));

        assertThat(new String(ProblemResponses.json(tooLarge), StandardCharsets.UTF_8)).isEqualTo("""
                {"type":"https://orderflow.io/problems/content-too-large","title":"Content too large",\
                "status":413,"detail":"The request body is larger than 1024 bytes"}""");
        assertThat(new String(ProblemResponses.json(invalid), StandardCharsets.UTF_8))
                .endsWith(",\"errors\":[{\"field\":\"sku\",\"message\":\"must say \\\"x\\\"\"}]}");
    }
}
