package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BufferedResponseFilterTests {

    @Test
    void sendsTheAnswerWholeWithItsLengthOnceTheRequestIsDone() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean committedWhileWriting = new AtomicBoolean();
        byte[] body = "{\"id\":\"order-1\"}".getBytes(StandardCharsets.UTF_8);

        new BufferedResponseFilter().doFilter(new MockHttpServletRequest("GET", "/orders/order-1"), response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(jakarta.servlet.http.HttpServletRequest request,
                            jakarta.servlet.http.HttpServletResponse answer) throws java.io.IOException {
                        answer.getOutputStream().write(body);
                        answer.flushBuffer();
                        committedWhileWriting.set(response.isCommitted());
                    }
                }));

        assertThat(committedWhileWriting).isFalse();
        assertThat(response.getContentLength()).isEqualTo(body.length);
        assertThat(response.getContentAsByteArray()).isEqualTo(body);
    }
}
