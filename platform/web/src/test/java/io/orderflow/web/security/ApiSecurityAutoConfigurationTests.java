package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

import io.orderflow.devissuer.DevIssuer;
import io.orderflow.web.SmallService;

class ApiSecurityAutoConfigurationTests {

    @TempDir
    Path keys;

    @Test
    void givesAServiceTheSharedSecurityWithoutObservingItsFilters() {
        try (SmallService service = start()) {
            ConfigurableApplicationContext application = service.context();
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
        assertThatThrownBy(() -> start("spring.profiles.active=prod").close())
                .rootCause().hasMessageContaining("refuses to start with development defaults")
                .hasMessageContaining("development issuer");
    }

    private SmallService start(String... more) {
        Path publicKey = DevIssuer.inMemory().writePublicKey(keys.resolve("dev-issuer.pem"));
        List<String> properties = new ArrayList<>(List.of(
                "spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey.toUri()));
        properties.addAll(List.of(more));
        return SmallService.start(requests -> { }, List.of(), properties);
    }
}
