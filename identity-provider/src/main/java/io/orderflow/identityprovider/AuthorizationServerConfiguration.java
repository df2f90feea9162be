package io.orderflow.identityprovider;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Configures the authorization server's endpoints and the rest of the application. The registered clients, the
 * issuer and the token lifetime come from application.yml ({@code spring.security.oauth2.authorizationserver.*}), the
 * tokens' audience from {@code orderflow.audience}.
 */
@Configuration(proxyBeanMethods = false)
final class AuthorizationServerConfiguration {

    /** Serves the OAuth2 endpoints: token, JWK set and server metadata; the token endpoint authenticates clients. */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // without credentials: 401, not the 403 of a chain that has no login of its own
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        return http.build();
    }

    /**
     * Leaves the health endpoint open for the container's health check and denies everything else. This replaces
     * Spring Boot's default chain, a login form that an identity provider without users has no use for.
     */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        return http.build();
    }

    /** Puts the services' audience and, for the customer client, the customer into each access token. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(
            @Value("${orderflow.audience}") List<String> audiences) {
        // Spring Authorization Server takes one customizer of JWTs, so the two are applied by one
        AudienceClaim audience = new AudienceClaim(audiences);
        CustomerIdClaim customerId = new CustomerIdClaim();
        return context -> {
            audience.customize(context);
            customerId.customize(context);
        };
    }
}
