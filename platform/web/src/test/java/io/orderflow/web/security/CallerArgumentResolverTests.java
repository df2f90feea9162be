package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.ServletWebRequest;

class CallerArgumentResolverTests {

    private final CallerArgumentResolver resolver = new CallerArgumentResolver("customer_id");

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void givesAControllerTheCustomerItsTokenIsLimitedTo() throws Exception {
        actAs(Map.of("sub", "user-7", "customer_id", "c-1"));

        Caller caller = resolver.resolveArgument(parameter("withCaller"), null,
                new ServletWebRequest(new MockHttpServletRequest()), null);

        assertThat(caller).isEqualTo(new Caller("user-7", "c-1"));
    }

    @Test
    void takesATokenWithoutTheCustomerClaimForAClient() {
        actAs(Map.of("sub", "storefront"));

        assertThat(CallerArgumentResolver.callerOf(SecurityContextHolder.getContext().getAuthentication(),
                "customer_id")).isEqualTo(new Caller("storefront", null));
    }

    @Test
    void takesAnAnonymousCallerForAClientWithoutASubject() {
        assertThat(CallerArgumentResolver.callerOf(null, "customer_id")).isEqualTo(new Caller(null, null));
        assertThat(CallerArgumentResolver.callerOf(new AnonymousAuthenticationToken("key", "anonymous",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")), "customer_id"))
                .isEqualTo(new Caller(null, null));
    }

    @Test
    void resolvesParametersOfTypeCallerOnly() throws Exception {
        assertThat(resolver.supportsParameter(parameter("withCaller"))).isTrue();
        assertThat(resolver.supportsParameter(parameter("withText"))).isFalse();
    }

    private static void actAs(Map<String, Object> claims) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").claims(all -> all.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    private static MethodParameter parameter(String method) throws Exception {
        return new MethodParameter(Controller.class.getDeclaredMethod(method,
                method.equals("withCaller") ? Caller.class : String.class), 0);
    }

    static class Controller {

        void withCaller(Caller caller) {
        }

        void withText(String text) {
        }
    }
}
