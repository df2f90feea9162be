package io.orderflow.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTests {

    @TempDir
    Path folder;

    @Test
    void signsCustomerTokensThatThePublishedKeyVerifies() throws Exception {
        DevIssuer issuer = DevIssuer.loadOrCreate(folder);

        SignedJWT token = SignedJWT.parse(issuer.customerToken("c-42", List.of("orders:read", "orders:write"),
                Duration.ofMinutes(5)));

        assertThat(token.verify(new RSASSAVerifier(readPublicKey(folder.resolve(DevIssuer.PUBLIC_KEY_FILE)))))
                .isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("c-42");
        assertThat(token.getJWTClaimsSet().getStringClaim(DevIssuer.CUSTOMER_CLAIM)).isEqualTo("c-42");
        assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("orders:read orders:write");
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(DevIssuer.ISSUER);
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(DevIssuer.AUDIENCE);
    }

    @Test
    void keepsItsKeyAcrossRunsAndShowsItToItsOwnerOnly() throws Exception {
        String first = DevIssuer.loadOrCreate(folder).publicKeyPem();
        String second = DevIssuer.loadOrCreate(folder).publicKeyPem();

        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("signing-key.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void givesClientTokensNoCustomer() throws Exception {
        SignedJWT token = SignedJWT.parse(DevIssuer.inMemory().clientToken("storefront", List.of("orders:write"),
                Duration.ofMinutes(5)));

        assertThat(token.getJWTClaimsSet().getClaim(DevIssuer.CUSTOMER_CLAIM)).isNull();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("storefront");
    }

    @Test
    void signsTokensOfAnotherIssuerOrAudienceWithTheSameKey() throws Exception {
        DevIssuer issuer = DevIssuer.inMemory();
        RSAPublicKey publicKey = readPublicKey(issuer.publicKeyPem());

        SignedJWT otherIssuer = SignedJWT.parse(issuer.withIssuer("https://login.example.com")
                .clientToken("storefront", List.of("orders:write"), Duration.ofMinutes(5)));
        SignedJWT otherAudience = SignedJWT.parse(issuer.withAudiences("billing-api", "crm-api")
                .clientToken("storefront", List.of("orders:write"), Duration.ofMinutes(5)));
        SignedJWT noAudience = SignedJWT.parse(issuer.withAudiences()
                .clientToken("storefront", List.of("orders:write"), Duration.ofMinutes(5)));

        assertThat(otherIssuer.verify(new RSASSAVerifier(publicKey))).isTrue();
        assertThat(otherIssuer.getJWTClaimsSet().getIssuer()).isEqualTo("https://login.example.com");
        assertThat(otherIssuer.getJWTClaimsSet().getAudience()).containsExactly(DevIssuer.AUDIENCE);
        assertThat(otherAudience.verify(new RSASSAVerifier(publicKey))).isTrue();
        assertThat(otherAudience.getJWTClaimsSet().getIssuer()).isEqualTo(DevIssuer.ISSUER);
        assertThat(otherAudience.getJWTClaimsSet().getAudience()).containsExactly("billing-api", "crm-api");
        assertThat(noAudience.getJWTClaimsSet().getClaim("aud")).isNull();
    }

    @Test
    void publishesItsPublicKeyAsAJwkSet() throws Exception {
        DevIssuer issuer = DevIssuer.inMemory();
        SignedJWT token = SignedJWT.parse(issuer.clientToken("storefront", List.of("orders:write"),
                Duration.ofMinutes(5)));

        JWKSet published = JWKSet.parse(issuer.publicJwkSet());

        assertThat(published.getKeys()).singleElement().satisfies(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isEqualTo(token.getHeader().getKeyID());
            assertThat(token.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
        });
    }

    private static RSAPublicKey readPublicKey(Path pem) throws Exception {
        return readPublicKey(Files.readString(pem));
    }

    private static RSAPublicKey readPublicKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
