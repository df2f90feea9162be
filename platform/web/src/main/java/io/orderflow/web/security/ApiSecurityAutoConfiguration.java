package io.orderflow.web.security;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Gives every service the shared {@link ApiSecurity} and lets its controllers declare a {@link Caller}. */
@AutoConfiguration
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

    @Bean
    ApiSecurity apiSecurity(ApiSecurityProperties properties, ObjectProvider<JwtDecoder> decoders,
            ObjectProvider<MeterRegistry> meters) {
        return new ApiSecurity(properties, decoders, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Observes no filter, authentication or authorization of Spring Security: wrapping each of the chain's filters in
     * an observation cost about 10 % of order-service's request threads at 500 orders/s. Requests are still observed
     * as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Gives Spring Security's firewall a header check with the same rule as its own, without a regular expression. */
    @Bean
    WebSecurityCustomizer headerCheckingFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(new AllowedHeaderValues());
        return web -> web.httpFirewall(firewall);
    }

    /**
     * Makes Spring Boot's JWT decoder, whatever its key source, check every token's {@code iss}; its audience check
     * comes from {@code spring.security.oauth2.resourceserver.jwt.audiences}. Stops the service from starting when
     * either is not known ({@link IssuerAndAudience}). The decoder checks a token before {@link CachingJwtDecoder} may
     * remember it.
     */
    @Bean
    OAuth2TokenValidator<Jwt> tokenIssuerValidator(ApiSecurityProperties properties, Environment environment) {
        return IssuerAndAudience.validator(properties.issuer(), environment);
    }

    /** Refuses to start a service of the {@code prod} profile that still has a development default. */
    @Bean
    @Profile(ProductionSettings.PROFILE)
    InitializingBean productionSettingsCheck(Environment environment) {
        return () -> ProductionSettings.requireNone(environment);
    }

    @Bean
    WebMvcConfigurer callerArguments(ApiSecurityProperties properties) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(properties.customerClaim()));
            }
        };
    }
}
