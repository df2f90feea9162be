package io.orderflow.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DefaultPropertiesPostProcessorTests {

    @Test
    void addsTheModulesPropertiesAsTheLowestPrioritySource() {
        StandardEnvironment environment = new StandardEnvironment();

        new TestDefaults("orderflow-boot-test-defaults.properties").postProcessEnvironment(environment,
                new SpringApplication());

        assertThat(environment.getProperty("orderflow.boot-test.greeting")).isEqualTo("hello");
        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow()
                .getName()).isEqualTo("orderflowBootTestDefaults");
    }

    @Test
    void letsAServiceOverrideAnyDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("orderflow.boot-test.colour", "green")));

        new TestDefaults("orderflow-boot-test-defaults.properties").postProcessEnvironment(environment,
                new SpringApplication());

        assertThat(environment.getProperty("orderflow.boot-test.colour")).isEqualTo("green");
        assertThat(environment.getProperty("orderflow.boot-test.greeting")).isEqualTo("hello");
    }

    @Test
    void failsWhenTheModulesPropertiesAreMissing() {
        TestDefaults missing = new TestDefaults("orderflow-boot-missing.properties");

        assertThatThrownBy(() -> missing.postProcessEnvironment(new StandardEnvironment(), new SpringApplication()))
                .isInstanceOf(UncheckedIOException.class);
    }

    private static final class TestDefaults extends DefaultPropertiesPostProcessor {

        TestDefaults(String resource) {
            super("orderflowBootTestDefaults", resource);
        }
    }
}
