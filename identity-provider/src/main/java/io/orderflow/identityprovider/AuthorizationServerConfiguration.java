package io.orderflow.identityprovider;

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
 * issuer and the token lifetime come from application.yml ({@code spring.security.oauth2.authorizationserver.*}).
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

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> customerIdClaim() {
        return new CustomerIdClaim();
    }
}
