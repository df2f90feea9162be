package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SecurityDefaultsPostProcessorTests {

    @Test
    void makesEveryServiceCheckTheSameAudienceUnlessItSetsItsOwn() {
        StandardEnvironment shared = new StandardEnvironment();
        StandardEnvironment own = new StandardEnvironment();
        own.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of(IssuerAndAudience.AUDIENCES, "order-service")));

        new SecurityDefaultsPostProcessor().postProcessEnvironment(shared, new SpringApplication());
        new SecurityDefaultsPostProcessor().postProcessEnvironment(own, new SpringApplication());

        assertThat(shared.getProperty(IssuerAndAudience.AUDIENCES)).isEqualTo(IssuerAndAudience.DEFAULT_AUDIENCE);
        assertThat(own.getProperty(IssuerAndAudience.AUDIENCES)).isEqualTo("order-service");
    }
}
