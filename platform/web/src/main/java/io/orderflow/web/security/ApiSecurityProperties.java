package io.orderflow.web.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configures who a token names and how many requests each caller may send.
 *
 * @param issuer the {@code iss} of every token; by default the issuer URI, or the development issuer's name with its
 *        public key ({@link IssuerAndAudience})
 * @param customerClaim the token claim that limits a token to one customer's orders
 * @param rateLimit the request limits per caller
 * @param tokenCache how verified tokens are remembered
 */
@ConfigurationProperties("orderflow.security")
public record ApiSecurityProperties(String issuer, @DefaultValue("customer_id") String customerClaim,
        @DefaultValue RateLimit rateLimit, @DefaultValue TokenCache tokenCache) {

    /**
     * Remembers tokens whose signature and claims were verified, so that a caller who sends the same token with every
     * request pays for the check once. A remembered token is used until it expires, and for at most {@code timeToLive},
     * so that a key taken out of the issuer's key set stops being trusted within that time.
     *
     * @param maxTokens how many tokens are remembered; 0 remembers none
     * @param timeToLive how long a token is remembered at most
     */
    public record TokenCache(@DefaultValue("4096") int maxTokens, @DefaultValue("5m") Duration timeToLive) {
    }

    /**
     * Limits the requests of each caller: a token bucket per customer, per client and per address of an anonymous
     * caller. A request over the limit is answered 429 with Retry-After.
     *
     * @param enabled whether requests are limited at all
     * @param customer the limit of each customer token
     * @param client the limit of each client token, a storefront's say, that places the orders of many customers
     * @param anonymous the limit of each address that sends no token
     * @param maxCallers how many callers' buckets are kept; beyond it they all start again full
     */
    public record RateLimit(@DefaultValue("true") boolean enabled,
            Limit customer, Limit client, Limit anonymous, @DefaultValue("100000") int maxCallers) {

        public RateLimit {
            customer = customer != null ? customer : new Limit(20, 40, null);
            client = client != null ? client : new Limit(5000, 5000, null);
            anonymous = anonymous != null ? anonymous : new Limit(50, 100, null);
        }
    }

    /**
     * Allows {@code requests} per {@code period} on average, and bursts of up to {@code burst} requests.
     *
     * @param requests the requests refilled each period
     * @param burst the bucket's capacity; {@code requests} when not set
     * @param period the refill period; 1 s when not set
     */
    public record Limit(long requests, long burst, Duration period) {

        public Limit {
            burst = burst > 0 ? burst : requests;
            period = period != null ? period : Duration.ofSeconds(1);
        }
    }
}
