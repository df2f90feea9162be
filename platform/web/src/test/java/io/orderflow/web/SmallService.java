package io.orderflow.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.SecurityFilterChain;

import io.orderflow.web.security.ApiSecurity;

/**
 * A small service with this module's web plumbing and shared security on Jetty, on a free port of 127.0.0.1, that the
 * tests talk to over HTTP as a client of a real service would.
 */
public final class SmallService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SmallService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a service that puts {@code rules} on its own requests and serves {@code controllers}, with
     * {@code properties} ({@code name=value}) on top of its defaults.
     */
    public static SmallService start(Rules rules, List<Class<?>> controllers, List<String> properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        properties.forEach(property -> arguments.add("--" + property));
        List<Class<?>> sources = new ArrayList<>(controllers);
        sources.add(Application.class);
        return new SmallService(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .initializers(context -> context.getBeanFactory().registerSingleton("rules", rules))
                .run(arguments.toArray(String[]::new)));
    }

    /** Returns the service's application context. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Returns the address of {@code path} on the service. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port")
                + path);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The authorization rules that a service puts on its own requests, ahead of the shared ones. */
    @FunctionalInterface
    public interface Rules extends
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        SecurityFilterChain api(HttpSecurity http, ApiSecurity apiSecurity, Rules rules) throws Exception {
            return apiSecurity.filterChain(http, rules);
        }
    }
}
