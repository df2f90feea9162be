package io.orderflow.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code orderflow-web-defaults.properties} (the audience every token must name, the connection limit, the
 * metrics' common tag and buckets) as the lowest-priority property source, so every service shares them and can
 * still set its own.
 */
final class WebDefaultsPostProcessor implements EnvironmentPostProcessor {

    private static final String DEFAULTS = "orderflow-web-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("orderflowWebDefaults",
                    new ClassPathResource(DEFAULTS, WebDefaultsPostProcessor.class.getClassLoader())));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
