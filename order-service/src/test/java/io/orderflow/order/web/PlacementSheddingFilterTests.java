package io.orderflow.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class PlacementSheddingFilterTests {

    private final AtomicInteger waiting = new AtomicInteger();
    private final PlacementSheddingFilter filter = new PlacementSheddingFilter(waiting::get, 64,
            JsonMapper.builder().build());

    @Test
    void refusesAPlacementAtOnceWhileMoreRequestsThanTheLimitWaitForAThread() throws Exception {
        waiting.set(65);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("POST", "/api/orders"), response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"type\":\"https://orderflow.io/problems/at-capacity\"");
        assertThat(chain.getRequest()).as("the request went no further").isNull();
    }

    @Test
    void letsAPlacementThroughWhileFewRequestsWait() throws Exception {
        waiting.set(64);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("POST", "/api/orders"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void neverRefusesReadsOrCancellations() throws Exception {
        waiting.set(1_000);
        for (MockHttpServletRequest request : new MockHttpServletRequest[] {
                new MockHttpServletRequest("GET", "/api/orders"),
                new MockHttpServletRequest("POST", "/api/orders/42/cancel") }) {
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).isNotNull();
        }
    }
}
