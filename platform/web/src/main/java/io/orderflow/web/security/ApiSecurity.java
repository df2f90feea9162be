package io.orderflow.web.security;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Builds the security filter chain every service shares: a stateless OAuth2 resource server that verifies JWT access
 * tokens and remembers the ones it verified, answers 401, 403 and 429 as problems, limits each caller's requests,
 * keeps {@code /actuator/health} public and every other actuator endpoint for {@link Scopes#OPS_ADMIN}. A service
 * adds only the rules of its own API.
 */
public final class ApiSecurity {

    private final ApiSecurityProperties properties;
    private final ObjectProvider<JwtDecoder> decoders;
    private final MeterRegistry meters;
    private final ProblemSecurityHandlers problems = new ProblemSecurityHandlers();

    ApiSecurity(ApiSecurityProperties properties, ObjectProvider<JwtDecoder> decoders, MeterRegistry meters) {
        this.properties = properties;
        this.decoders = decoders;
        this.meters = meters;
    }

    /** Returns the filter chain with {@code apiRules} between the public endpoints and the operator endpoints. */
    public SecurityFilterChain filterChain(HttpSecurity http,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> apiRules)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                // a JSON API's headers: no-store and nosniff, and no framing; not the browser-page set of six
                .headers(headers -> headers.xssProtection(xss -> xss.disable())
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-store")))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error", "/v3/api-docs",
                            "/v3/api-docs/**").permitAll();
                    apiRules.customize(requests);
                    requests.requestMatchers("/actuator/**").hasAuthority(Scopes.authority(Scopes.OPS_ADMIN));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(this::decodeWithCache)
                        .bearerTokenResolver(new AuthorizationHeaderTokenResolver())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterAfter(new CallerRateLimitFilter(properties.rateLimit(), properties.customerClaim(), meters),
                        BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    private void decodeWithCache(OAuth2ResourceServerConfigurer<HttpSecurity>.JwtConfigurer jwt) {
        JwtDecoder decoder = decoders.getIfAvailable();
        if (decoder != null && properties.tokenCache().maxTokens() > 0) {
            jwt.decoder(new CachingJwtDecoder(decoder, properties.tokenCache(), Clock.systemUTC()));
        }
    }
}
