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
    void refusesAJwkSetOrAPublicKeyWithoutAnIssuerToCheckTheTokensIssAgainst() {
        MockEnvironment jwkSet = production()
                .withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "https://login.example/jwks");
        MockEnvironment publicKey = production()
                .withProperty("spring.security.oauth2.resourceserver.jwt.public-key-location", "file:/etc/issuer.pem");

        assertThat(ProductionSettings.developmentDefaults(jwkSet))
                .containsExactly("no issuer to check the tokens' iss against (orderflow.security.issuer)");
        assertThat(ProductionSettings.developmentDefaults(publicKey)).hasSize(1);
        assertThat(ProductionSettings.developmentDefaults(jwkSet
                .withProperty("orderflow.security.issuer", "https://login.example.com"))).isEmpty();
    }

    @Test
    void refusesTheDevelopmentIssuersNameWithAnyKey() {
        MockEnvironment jwkSet = production()
                .withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                        "https://login.example.com/keys")
                .withProperty("orderflow.security.issuer", "orderflow-dev-issuer");

        assertThat(ProductionSettings.developmentDefaults(jwkSet)).singleElement()
                .satisfies(found -> assertThat(found).contains("development issuer"));
    }

    @Test
    void acceptsARealIssuerASecretPasswordAndAnAuthenticatedBroker() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://login.example.com")
                .withProperty("spring.datasource.password", "c1f7e0a9-from-a-secret-file")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL");

        assertThat(ProductionSettings.developmentDefaults(production)).isEmpty();
    }

    private static MockEnvironment production() {
        return new MockEnvironment()
                .withProperty("spring.datasource.password", "c1f7e0a9-from-a-secret-file")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL");
    }
}
