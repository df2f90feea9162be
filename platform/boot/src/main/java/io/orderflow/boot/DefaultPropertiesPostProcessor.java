package io.orderflow.boot;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds a properties file of a module's class path as the lowest-priority property source, so that every service gets
 * the settings the module relies on and can still override each. A module registers a subclass with a constructor
 * without arguments under {@code org.springframework.boot.EnvironmentPostProcessor} in its
 * {@code META-INF/spring.factories}.
 */
public abstract class DefaultPropertiesPostProcessor implements EnvironmentPostProcessor {

    private final String sourceName;
    private final String resource;

    /**
     * Prepares the source {@code sourceName} read from {@code resource}, a path on the class path of the subclass.
     */
    protected DefaultPropertiesPostProcessor(String sourceName, String resource) {
        this.sourceName = sourceName;
        this.resource = resource;
    }

    @Override
    public final void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(sourceName,
                    new ClassPathResource(resource, getClass().getClassLoader())));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
