package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class TestTokensTests {

    @Test
    void signsEveryTokenWithTheKeyWhosePublicHalfTheServicesAreGiven() throws Exception {
        RSASSAVerifier verifier = new RSASSAVerifier(publicKey());

        for (String token : new String[] { TestTokens.storefront(), TestTokens.customer("c-1"),
                TestTokens.client("tool", "ops:admin"), TestTokens.ofIssuer("https://elsewhere.example.com"),
                TestTokens.forAudience("billing-api") }) {
            assertThat(SignedJWT.parse(token).verify(verifier)).isTrue();
        }
        assertThat(TestTokens.publicKeyLocation()).isEqualTo(TestTokens.publicKeyFile().toUri().toString());
    }

    @Test
    void givesTheStorefrontEveryScopeForHoursAndACustomerItsOwnOrders() throws Exception {
        JWTClaimsSet storefront = claims(TestTokens.storefront());
        JWTClaimsSet customer = claims(TestTokens.customer("c-1"));

        assertThat(storefront.getStringClaim("scope").split(" ")).containsExactlyElementsOf(TestTokens.ALL_SCOPES);
        assertThat(storefront.getExpirationTime()).isAfter(new Date(System.currentTimeMillis() + 3_600_000L));
        assertThat(customer.getStringClaim("customer_id")).isEqualTo("c-1");
        assertThat(customer.getStringClaim("scope")).isEqualTo("orders:read orders:write");
    }

    @Test
    void namesTheDevelopmentIssuerAndTheApisAudienceUnlessAskedOtherwise() throws Exception {
        JWTClaimsSet usual = claims(TestTokens.client("tool", "orders:read"));

        assertThat(usual.getIssuer()).isEqualTo("orderflow-dev-issuer");
        assertThat(usual.getAudience()).containsExactly("orderflow-api");
        assertThat(usual.getStringClaim("scope")).isEqualTo("orders:read");
        assertThat(claims(TestTokens.ofIssuer("https://elsewhere.example.com")).getIssuer())
                .isEqualTo("https://elsewhere.example.com");
        assertThat(claims(TestTokens.forAudience("billing-api")).getAudience()).containsExactly("billing-api");
    }

    private static JWTClaimsSet claims(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private static RSAPublicKey publicKey() throws Exception {
        String pem = Files.readString(TestTokens.publicKeyFile(), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
