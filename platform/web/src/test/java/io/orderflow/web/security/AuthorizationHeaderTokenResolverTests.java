package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class AuthorizationHeaderTokenResolverTests {

    private final AuthorizationHeaderTokenResolver resolver = new AuthorizationHeaderTokenResolver();
    private final DefaultBearerTokenResolver springDefault = new DefaultBearerTokenResolver();

    @Test
    void readsTheTokenOfABearerHeader() {
        assertThat(resolver.resolve(requestWith("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTQyIn0.c2ln-_~+/==")))
                .isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTQyIn0.c2ln-_~+/==");
    }

    @Test
    void answersEveryHeaderAsSpringsDefaultResolverDoes() {
        List<String> headers = List.of("Bearer abc", "bearer abc", "BEARER abc.def", "Bearer abc==", "Bearer ===",
                "Bearer ", "Bearer", "Bearer  abc", "Bearer abc ", "Bearer abc=def", "Bearer ab%c", "Bearer ab\tc",
                "Bearerabc", "Basic dXNlcjpwYXNz", "DPoP abc", "bearer", "Bearer é");
        for (String header : headers) {
            assertThat(outcome(() -> resolver.resolve(requestWith(header)))).as(header)
                    .isEqualTo(outcome(() -> springDefault.resolve(requestWith(header))));
        }
        assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
    }

    private static MockHttpServletRequest requestWith(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
        request.addHeader("Authorization", authorization);
        return request;
    }

    private static String outcome(Callable<String> resolve) {
        try {
            return "token " + resolve.call();
        }
        catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getErrorCode() + " " + refused.getError().getDescription();
        }
        catch (Exception unexpected) {
            throw new AssertionError(unexpected);
        }
    }
}
