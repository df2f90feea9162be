package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CallerRateLimitFilterTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CallerRateLimitFilter filter = new CallerRateLimitFilter(new ApiSecurityProperties.RateLimit(true,
            new ApiSecurityProperties.Limit(2, 2, Duration.ofMinutes(1)),
            new ApiSecurityProperties.Limit(100, 100, null), null, 1000), "customer_id", meters);

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void answers429WithRetryAfterOnceACustomerHasUsedItsBurst() throws Exception {
        actAs(Map.of("sub", "c-1", "customer_id", "c-1"));

        assertThat(send("/api/orders").getStatus()).isEqualTo(200);
        assertThat(send("/api/orders").getStatus()).isEqualTo(200);
        MockHttpServletResponse limited = send("/api/orders");

        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(limited.getContentType()).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(meters.get("orderflow.http.rate.limited").tag("caller", "customer").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get("orderflow.http.rate.limited").tag("caller", "client").counter().count()).isZero();
    }

    @Test
    void givesEachCustomerABucketOfItsOwnAndAClientTheClientsLimit() throws Exception {
        actAs(Map.of("sub", "c-1", "customer_id", "c-1"));
        send("/api/orders");
        send("/api/orders");
        actAs(Map.of("sub", "c-2", "customer_id", "c-2"));
        assertThat(send("/api/orders").getStatus()).isEqualTo(200);

        actAs(Map.of("sub", "storefront"));
        for (int i = 0; i < 50; i++) {
            assertThat(send("/api/orders").getStatus()).isEqualTo(200);
        }
    }

    @Test
    void neverLimitsTheHealthCheck() throws Exception {
        actAs(Map.of("sub", "c-1", "customer_id", "c-1"));
        for (int i = 0; i < 5; i++) {
            assertThat(send("/actuator/health").getStatus()).isEqualTo(200);
        }
    }

    private static void actAs(Map<String, Object> claims) {
        Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    private MockHttpServletResponse send(String uri) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setRequestURI(uri);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
