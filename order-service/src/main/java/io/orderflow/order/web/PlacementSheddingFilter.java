package io.orderflow.order.web;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.order.order.OrderIntakeFullException;

/**
 * Answers a placement 503 with {@code Retry-After} at once, before its body is read, while more requests than a
 * limit wait for one of the web server's request threads. The order intake's bounded queue sheds what reaches it; this
 * sheds what would otherwise wait, unseen, in the web server's own queue in front of it, so that under overload every
 * answer comes quickly, a 201 or a 503.
 */
final class PlacementSheddingFilter extends OncePerRequestFilter {

    private final IntSupplier waitingRequests;
    private final int limit;
    private final JsonMapper json;

    /**
     * @param waitingRequests how many requests wait for a request thread now
     * @param limit the most that may wait before placements are refused
     * @param json writes the problem document
     */
    PlacementSheddingFilter(IntSupplier waitingRequests, int limit, JsonMapper json) {
        this.waitingRequests = waitingRequests;
        this.limit = limit;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/api/orders".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (waitingRequests.getAsInt() > limit) {
            ProblemDetail problem = OrderController.atCapacityProblem(new OrderIntakeFullException());
            response.setStatus(problem.getStatus());
            response.setHeader(HttpHeaders.RETRY_AFTER, OrderController.RETRY_AFTER_SECONDS);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getWriter(), Map.of("type", problem.getType().toString(), "title",
                    problem.getTitle(), "status", problem.getStatus(), "detail", problem.getDetail()));
            return;
        }
        chain.doFilter(request, response);
    }
}
