package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Sends a controller requests that fail in every way the advice knows, with the services' strict JSON binding. */
class ProblemDetailsAdviceTests {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Orders())
            .setControllerAdvice(new ProblemDetailsAdvice())
            .setMessageConverters(new StringHttpMessageConverter(), new JacksonJsonHttpMessageConverter(strictJson()))
            .build();

    @Test
    void answersAProblemExceptionWithItsOwnProblem() throws Exception {
        expectProblem(mvc.perform(get("/orders/conflict")), 409, "order-not-cancellable")
                .andExpect(jsonPath("$.detail").value("Order is already shipped"));
    }

    @Test
    void listsEveryBrokenRuleOfABodyWithItsFieldPath() throws Exception {
        expectProblem(mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("""
                {"customer": "", "lines": [{"sku": "SKU-1", "quantity": 0}]}""")), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value("2 fields are invalid"))
                .andExpect(jsonPath("$.errors[?(@.field == 'customer')].message").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'lines[0].quantity')].message").exists());
    }

    @Test
    void namesAFieldItDoesNotKnowOrOfTheWrongType() throws Exception {
        expectProblem(postOrder("""
                {"customer": "c-1", "lines": [{"sku": "SKU-1", "quantity": 1, "x": 1}]}"""), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].x"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a known field"));
        expectProblem(postOrder("""
                {"customer": "c-1", "lines": [{"sku": "SKU-1", "quantity": 1.5}]}"""), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a number"));
    }

    @Test
    void saysWhenABodyIsNotJsonAtAll() throws Exception {
        expectProblem(postOrder("{\"customer\": "), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("$"))
                .andExpect(jsonPath("$.errors[0].message", startsWith("is not well-formed")));
        expectProblem(postOrder(""), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("$"));
    }

    @Test
    void namesAParameterThatIsMissingOrOfTheWrongType() throws Exception {
        expectProblem(mvc.perform(get("/orders")), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("customer"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        expectProblem(mvc.perform(get("/orders/not-a-uuid")), 400, "invalid-request")
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a UUID, was 'not-a-uuid'"));
    }

    @Test
    void keepsTheStatusOfAFrameworkErrorAndNamesItsType() throws Exception {
        expectProblem(mvc.perform(post("/orders/conflict")), 405, "method-not-allowed")
                .andExpect(jsonPath("$.detail").isNotEmpty());
        expectProblem(mvc.perform(post("/orders").contentType(MediaType.TEXT_PLAIN).content("hello")), 415,
                "unsupported-media-type");
    }

    @Test
    void answers503WithRetryAfterWhenTheDatabaseIsBusyOrAway() throws Exception {
        for (String failure : List.of("lock", "no-transaction", "no-connection", "wrapped-connection-loss")) {
            expectProblem(mvc.perform(get("/orders/failing").param("failure", failure)), 503,
                    "temporarily-unavailable").andExpect(header().string("Retry-After", "1"));
        }
    }

    @Test
    void answersAnUnexpectedFailureWith500AndNoInternalDetail() throws Exception {
        expectProblem(mvc.perform(get("/orders/failing").param("failure", "bug")), 500, "internal-error")
                .andExpect(content().string(not(
                        containsString("secret"))));
        expectProblem(mvc.perform(get("/orders/failing").param("failure", "constraint")), 500, "internal-error");
    }

    @Test
    void tellsADatabaseThatIsAwayFromOneThatRefusesTheData() {
        assertThat(ProblemDetailsAdvice.isDatabaseUnavailable(new RuntimeException(
                new SQLException("connection refused", "08001")))).isTrue();
        assertThat(ProblemDetailsAdvice.isDatabaseUnavailable(new SQLTransientConnectionException("pool"))).isTrue();
        assertThat(ProblemDetailsAdvice.isDatabaseUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(ProblemDetailsAdvice.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }

    private ResultActions postOrder(String body) throws Exception {
        return mvc.perform(post("/orders")
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static ResultActions expectProblem(ResultActions result, int status, String slug) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.type").value("https://orderflow.io/problems/" + slug))
                .andExpect(jsonPath("$.title").isNotEmpty());
    }

    private static JsonMapper.Builder strictJson() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new WebAutoConfiguration().strictJsonBinding().customize(builder);
        return builder;
    }

    record Line(@NotBlank String sku, @Min(1) int quantity) {
    }

    record PlaceOrder(@NotBlank String customer, @NotEmpty List<@Valid Line> lines) {
    }

    @RestController
    static class Orders {

        @PostMapping("/orders")
        String place(@Valid @RequestBody PlaceOrder order) {
            return "placed";
        }

        @GetMapping("/orders")
        String search(@RequestParam String customer) {
            return customer;
        }

        @GetMapping("/orders/{id}")
        String find(@PathVariable UUID id) {
            return id.toString();
        }

        @GetMapping("/orders/conflict")
        String conflict() {
            throw new ProblemException(ProblemResponses.conflict("order-not-cancellable", "Order is already shipped"));
        }

        @GetMapping("/orders/failing")
        String failing(@RequestParam String failure) {
            throw switch (failure) {
                case "lock" -> new CannotAcquireLockException("lock wait timeout");
                case "no-transaction" -> new CannotCreateTransactionException("no connection");
                case "no-connection" -> new DataAccessResourceFailureException("database unreachable");
                case "wrapped-connection-loss" -> new IllegalStateException("while saving",
                        new SQLException("connection lost", "08006"));
                case "constraint" -> new DataIntegrityViolationException("duplicate key");
                default -> new IllegalStateException("secret internal detail");
            };
        }
    }
}
