package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestSizeLimitFilterTests {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(10);

    @Test
    void refusesABodyWhoseDeclaredLengthIsOverTheLimitWithoutReadingIt() throws Exception {
        MockHttpServletRequest request = request("x".repeat(11), true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413")
                .contains("https://orderflow.io/problems/content-too-large")
                .contains("larger than 10 bytes");
    }

    @Test
    void refusesAChunkedBodyAsSoonAsItsReaderGoesOverTheLimit() {
        AtomicReference<Integer> readBeforeRefusal = new AtomicReference<>();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                byte[] buffer = new byte[4];
                int total = 0;
                try {
                    for (int read; (read = request.getInputStream().read(buffer, 0, buffer.length)) > 0;) {
                        total += read;
                    }
                }
                finally {
                    readBeforeRefusal.set(total);
                }
            }
        });

        assertThatThrownBy(() -> filter.doFilter(request("x".repeat(30), false), new MockHttpServletResponse(),
                chain)).isInstanceOf(RequestTooLargeException.class).hasMessageContaining("larger than 10 bytes");
        assertThat(readBeforeRefusal.get()).isLessThanOrEqualTo(10);
    }

    @Test
    void countsBytesReadOneByOneToo() {
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                while (request.getInputStream().read() >= 0) {
                    // read to the end
                }
            }
        });

        assertThatThrownBy(() -> filter.doFilter(request("x".repeat(11), false), new MockHttpServletResponse(),
                chain)).isInstanceOf(RequestTooLargeException.class);
    }

    @Test
    void passesABodyWithinTheLimitOnWhole() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                received.set(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request("0123456789", false), response, chain);

        assertThat(received.get()).isEqualTo("0123456789");
        assertThat(response.getStatus()).isEqualTo(200);
    }

    /** Returns a request with {@code body}, whose length is declared, or unknown as with a chunked body. */
    private static MockHttpServletRequest request(String body, boolean declaresLength) {
        MockHttpServletRequest request = declaresLength ? new MockHttpServletRequest("POST", "/orders")
                : new MockHttpServletRequest("POST", "/orders") {
                    @Override
                    public long getContentLengthLong() {
                        return -1;
                    }

                    @Override
                    public int getContentLength() {
                        return -1;
                    }
                };
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
