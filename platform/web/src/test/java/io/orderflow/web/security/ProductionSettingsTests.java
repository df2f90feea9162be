package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProductionSettingsTests {

    @Test
    void refusesTheDevelopmentIssuerADefaultPasswordAndAPlaintextBroker() {
        MockEnvironment local = new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.public-key-location",
                        "file:/home/ann/orderflow/.orderflow/dev-issuer/public-key.pem")
                .withProperty("spring.datasource.password", "orderflow");

        assertThat(ProductionSettings.developmentDefaults(local)).hasSize(3);
        assertThatIllegalStateException().isThrownBy(() -> ProductionSettings.requireNone(local))
                .withMessageContaining("development issuer").withMessageContaining("database password")
                .withMessageContaining("PLAINTEXT");
    }

    @Test
    void refusesADefaultPasswordOfTheMigrationRole() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://login.example.com")
                .withProperty("spring.datasource.password", "c1f7e0a9-from-a-secret-file")
                .withProperty("spring.flyway.password", "inventory_service_migrator")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL");

        assertThat(ProductionSettings.developmentDefaults(production))
                .containsExactly("the migration role's database password is a development default");
    }

    @Test
    void refusesAServiceWithoutAnyIssuer() {
        assertThat(ProductionSettings.developmentDefaults(new MockEnvironment()))
                .anySatisfy(found -> assertThat(found).contains("no token issuer"));
    }

    @Test
    void acceptsARealIssuerASecretPasswordAndAnAuthenticatedBroker() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://login.example.com")
                .withProperty("spring.datasource.password", "c1f7e0a9-from-a-secret-file")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL");

        assertThat(ProductionSettings.developmentDefaults(production)).isEmpty();
    }
}
