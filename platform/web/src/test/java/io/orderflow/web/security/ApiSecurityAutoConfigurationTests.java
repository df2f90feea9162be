package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

import io.orderflow.devissuer.DevIssuer;

class ApiSecurityAutoConfigurationTests {

    @TempDir
    Path keys;

    @Test
    void givesAServiceTheSharedSecurityWithoutObservingItsFilters() {
        try (ConfigurableApplicationContext application = start()) {
            assertThat(application.getBeanNamesForType(ApiSecurityAutoConfiguration.class)).hasSize(1);
            assertThat(application.getBean(ApiSecurity.class)).isNotNull();
            SecurityObservationSettings observations = application.getBean(SecurityObservationSettings.class);
            assertThat(observations.shouldObserveRequests()).isFalse();
            assertThat(observations.shouldObserveAuthentications()).isFalse();
            assertThat(observations.shouldObserveAuthorizations()).isFalse();
        }
    }

    @Test
    void refusesToStartAProductionServiceWithDevelopmentDefaults() {
        assertThatThrownBy(() -> start("--spring.profiles.active=prod").close())
                .rootCause().hasMessageContaining("refuses to start with development defaults")
                .hasMessageContaining("development issuer");
    }

    private ConfigurableApplicationContext start(String... more) {
        Path publicKey = DevIssuer.inMemory().writePublicKey(keys.resolve("dev-issuer.pem"));
        String[] arguments = new String[3 + more.length];
        arguments[0] = "--server.port=0";
        arguments[1] = "--spring.main.banner-mode=off";
        arguments[2] = "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey.toUri();
        System.arraycopy(more, 0, arguments, 3, more.length);
        return new SpringApplicationBuilder(SmallService.class).run(arguments);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SmallService {

        @Bean
        SecurityFilterChain api(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
            return apiSecurity.filterChain(http, requests -> { });
        }
    }
}
