package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.orderflow.devissuer.DevIssuer;

class IssuerAndAudienceTests {

    private static final String LOCAL_RUN_KEY = "file:/home/ann/orderflow/.orderflow/dev-issuer/public-key.pem";

    @Test
    void theIssuerUriIsTheIssuer() {
        MockEnvironment environment = keys(IssuerAndAudience.ISSUER_URI, "https://login.example.com");

        assertThat(IssuerAndAudience.issuer(null, environment)).isEqualTo("https://login.example.com");
        assertThat(IssuerAndAudience.issuer("https://login.example.com", environment))
                .isEqualTo("https://login.example.com");
    }

    @Test
    void theLocalRunsAndTheTestsKeysAreTheDevelopmentIssuers() {
        assertThat(IssuerAndAudience.issuer(null, keys(IssuerAndAudience.PUBLIC_KEY_LOCATION, LOCAL_RUN_KEY)))
                .isEqualTo(IssuerAndAudience.DEVELOPMENT_ISSUER).isEqualTo(DevIssuer.ISSUER);
        assertThat(IssuerAndAudience.issuer(null, keys(IssuerAndAudience.PUBLIC_KEY_LOCATION,
                "file:/tmp/orderflow-test-issuer4242.pem"))).isEqualTo(DevIssuer.ISSUER);
    }

    @Test
    void aConfiguredIssuerGoesWithAJwkSetOrAnyPublicKey() {
        assertThat(IssuerAndAudience.issuer("https://login.example.com",
                keys(IssuerAndAudience.JWK_SET_URI, "https://login.example.com/keys")))
                .isEqualTo("https://login.example.com");
        assertThat(IssuerAndAudience.issuer("https://login.example.com",
                keys(IssuerAndAudience.PUBLIC_KEY_LOCATION, LOCAL_RUN_KEY))).isEqualTo("https://login.example.com");
    }

    @Test
    void aJwkSetOrAnotherPublicKeyWithoutAnIssuerIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.issuer(null,
                keys(IssuerAndAudience.JWK_SET_URI, "https://login.example.com/keys")))
                .withMessageContaining("orderflow.security.issuer").withMessageContaining("jwk-set-uri");
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.issuer(" ",
                keys(IssuerAndAudience.PUBLIC_KEY_LOCATION, "file:/etc/orderflow/issuer.pem")))
                .withMessageContaining("orderflow.security.issuer").withMessageContaining("public-key-location");
    }

    @Test
    void anIssuerThatDiffersFromTheIssuerUriIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.issuer("https://other.example.com",
                keys(IssuerAndAudience.ISSUER_URI, "https://login.example.com")))
                .withMessageContaining("differs");
    }

    @Test
    void noKeySourceIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.issuer(null, new MockEnvironment()))
                .withMessageContaining("No token issuer");
    }

    @Test
    void theAudiencesAreAListOfWhichNoneMayBeMissing() {
        assertThat(IssuerAndAudience.audiences(keys(IssuerAndAudience.AUDIENCES, "orderflow-api,order-service")))
                .containsExactly("orderflow-api", "order-service");
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.audiences(new MockEnvironment()))
                .withMessageContaining(IssuerAndAudience.AUDIENCES);
        assertThatIllegalStateException().isThrownBy(() -> IssuerAndAudience.audiences(
                keys(IssuerAndAudience.AUDIENCES, "")));
    }

    @Test
    void theDefaultAudienceIsTheOneTheDevelopmentIssuerNames() {
        assertThat(IssuerAndAudience.DEFAULT_AUDIENCE).isEqualTo(DevIssuer.AUDIENCE);
    }

    private static MockEnvironment keys(String property, String value) {
        return new MockEnvironment().withProperty(property, value);
    }
}
