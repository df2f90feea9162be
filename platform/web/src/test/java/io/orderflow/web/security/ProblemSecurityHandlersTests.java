package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemSecurityHandlersTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProblemSecurityHandlers handlers = new ProblemSecurityHandlers();

    @Test
    void answersARequestWithoutATokenWith401AsAProblemAndTheBearerChallenge() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handlers.commence(new MockHttpServletRequest("GET", "/api/orders"), response,
                new InsufficientAuthenticationException("no token"));

        assertThat(problemOf(response, 401, "unauthorized").get("detail").asString())
                .isEqualTo("This request needs a bearer access token");
    }

    @Test
    void saysWhenTheTokenItselfWasNotValid() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.addHeader("Authorization", "Bearer expired");
        MockHttpServletResponse response = new MockHttpServletResponse();

        handlers.commence(request, response, new InsufficientAuthenticationException("expired"));

        assertThat(problemOf(response, 401, "unauthorized").get("detail").asString())
                .startsWith("The access token is not valid");
    }

    @Test
    void answersARequestWithoutTheScopeItNeedsWith403AsAProblem() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handlers.handle(new MockHttpServletRequest("POST", "/api/orders"), response,
                new AccessDeniedException("no scope"));

        assertThat(problemOf(response, 403, "forbidden").get("title").asString()).isEqualTo("Forbidden");
    }

    /** Asserts that the response is a problem of {@code status} and type {@code slug} with the bearer challenge. */
    private static JsonNode problemOf(MockHttpServletResponse response, int status, String slug) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo("https://orderflow.io/problems/" + slug);
        return problem;
    }
}
