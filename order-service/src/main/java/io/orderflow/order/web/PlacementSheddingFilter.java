package io.orderflow.order.web;

import java.io.IOException;
import java.util.function.IntSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a placement 503 with {@code Retry-After} at once, before its body is read, while more requests than a
 * limit wait for one of the web server's request threads. The order intake's bounded queue sheds what reaches it; this
 * sheds what would otherwise wait, unseen, in the web server's own queue in front of it, so that under overload every
 * answer comes quickly, a 201 or a 503.
 */
final class PlacementSheddingFilter extends OncePerRequestFilter {

    private final IntSupplier waitingRequests;
    private final int limit;

    /**
     * @param waitingRequests how many requests wait for a request thread now
     * @param limit the most that may wait before placements are refused
     */
    PlacementSheddingFilter(IntSupplier waitingRequests, int limit) {
        this.waitingRequests = waitingRequests;
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/api/orders".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (waitingRequests.getAsInt() > limit) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("""
                    {"type":"https://orderflow.io/problems/at-capacity","title":"At capacity","status":503,\
                    "detail":"Orderflow takes no more orders at the moment; send the request again after Retry-After"}""");
            return;
        }
        chain.doFilter(request, response);
    }
}
