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

        JsonNode problem = problemOf(response, 401);
        assertThat(problem.get("type").asString()).isEqualTo("https://orderflow.io/problems/unauthorized");
        assertThat(problem.get("detail").asString()).isEqualTo("This request needs a bearer access token");
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void saysWhenTheTokenItselfWasNotValid() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.addHeader("Authorization", "Bearer expired");
        MockHttpServletResponse response = new MockHttpServletResponse();

        handlers.commence(request, response, new InsufficientAuthenticationException("expired"));

        assertThat(problemOf(response, 401).get("detail").asString()).startsWith("The access token is not valid");
    }

    @Test
    void answersARequestWithoutTheScopeItNeedsWith403AsAProblem() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handlers.handle(new MockHttpServletRequest("POST", "/api/orders"), response,
                new AccessDeniedException("no scope"));

        JsonNode problem = problemOf(response, 403);
        assertThat(problem.get("type").asString()).isEqualTo("https://orderflow.io/problems/forbidden");
        assertThat(problem.get("title").asString()).isEqualTo("Forbidden");
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    private static JsonNode problemOf(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }
}
