package io.orderflow.web.security;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the requests of each caller with a Bucket4j token bucket: one per customer, one per client, one per address
 * of an anonymous caller. A request over the limit is answered 429 with Retry-After, and never reaches a controller;
 * it is counted in {@code orderflow.http.rate.limited{caller=customer|client|anonymous}}.
 */
final class CallerRateLimitFilter extends OncePerRequestFilter {

    private final ApiSecurityProperties.RateLimit limits;
    private final String customerClaim;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Counter limitedCustomers;
    private final Counter limitedClients;
    private final Counter limitedAnonymous;

    CallerRateLimitFilter(ApiSecurityProperties.RateLimit limits, String customerClaim, MeterRegistry meters) {
        this.limits = limits;
        this.customerClaim = customerClaim;
        this.limitedCustomers = limitedCounter(meters, "customer");
        this.limitedClients = limitedCounter(meters, "client");
        this.limitedAnonymous = limitedCounter(meters, "anonymous");
    }

    private static Counter limitedCounter(MeterRegistry meters, String caller) {
        return Counter.builder("orderflow.http.rate.limited").tag("caller", caller)
                .description("Requests answered 429 because their caller sent more than its limit")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.enabled() || request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = CallerArgumentResolver.callerOf(SecurityContextHolder.getContext().getAuthentication(),
                customerClaim);
        String key;
        ApiSecurityProperties.Limit limit;
        Counter limited;
        if (caller.isCustomer()) {
            key = "customer:" + caller.customerId();
            limit = limits.customer();
            limited = limitedCustomers;
        }
        else if (caller.subject() != null) {
            key = "client:" + caller.subject();
            limit = limits.client();
            limited = limitedClients;
        }
        else {
            key = "address:" + request.getRemoteAddr();
            limit = limits.anonymous();
            limited = limitedAnonymous;
        }
        ConsumptionProbe probe = bucketOf(key, limit).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        limited.increment();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemSecurityHandlers.write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "Too many requests", "This caller sent more requests than its limit of " + limit.requests()
                        + " per " + limit.period().toSeconds() + " s; retry after " + seconds + " s");
    }

    private Bucket bucketOf(String key, ApiSecurityProperties.Limit limit) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= limits.maxCallers()) {
            // a flood of new callers: forgetting every bucket is cheaper than tracking which one is the oldest
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst())
                        .refillGreedy(limit.requests(), limit.period()).build())
                .build());
    }
}
