package io.orderflow.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code orderflow-security-defaults.properties} (the audience every token must name) as the lowest-priority
 * property source, so every service checks the same audience and can still set its own.
 */
final class SecurityDefaultsPostProcessor implements EnvironmentPostProcessor {

    private static final String DEFAULTS = "orderflow-security-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("orderflowSecurityDefaults",
                    new ClassPathResource(DEFAULTS, SecurityDefaultsPostProcessor.class.getClassLoader())));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
