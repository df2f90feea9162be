package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class WebDefaultsPostProcessorTests {

    private static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";


    @Test
    void makesEveryServiceCheckTheSameAudienceUnlessItSetsItsOwn() {
        StandardEnvironment shared = new StandardEnvironment();
        StandardEnvironment own = new StandardEnvironment();
        own.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of(AUDIENCES, "order-service")));

        new WebDefaultsPostProcessor().postProcessEnvironment(shared, new SpringApplication());
        new WebDefaultsPostProcessor().postProcessEnvironment(own, new SpringApplication());

        assertThat(shared.getProperty(AUDIENCES)).isEqualTo("orderflow-api");
        assertThat(own.getProperty(AUDIENCES)).isEqualTo("order-service");
    }

    @Test
    void limitsTheOpenConnectionsOfEveryServiceToAThousandUnlessItSetsItsOwn() {
        StandardEnvironment shared = new StandardEnvironment();

        new WebDefaultsPostProcessor().postProcessEnvironment(shared, new SpringApplication());

        assertThat(shared.getProperty("server.jetty.max-connections")).isEqualTo("1000");
    }

    @Test
    void tagsEveryMetricWithItsService() {
        StandardEnvironment shared = new StandardEnvironment();
        shared.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("spring.application.name", "order-service")));

        new WebDefaultsPostProcessor().postProcessEnvironment(shared, new SpringApplication());

        assertThat(shared.getProperty("management.metrics.tags.application")).isEqualTo("order-service");
    }
}
