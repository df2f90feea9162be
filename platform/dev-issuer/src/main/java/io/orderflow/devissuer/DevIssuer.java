package io.orderflow.devissuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the access tokens of a development system: the local run, the tests and the benchmark. Its RSA key lives in
 * a folder of this machine ({@code signing-key.json}, readable by its owner only) next to the public half that the
 * services verify tokens with ({@code public-key.pem}).
 *
 * <p>The tokens look like those of any OIDC provider: {@code iss}, {@code aud}, {@code sub}, {@code exp}, a
 * space-separated {@code scope}, and for a customer a {@code customer_id} claim. A production system uses a real issuer
 * instead.
 */
public final class DevIssuer {

    /** The {@code iss} claim of every token. */
    public static final String ISSUER = "orderflow-dev-issuer";

    /** The {@code aud} claim of every token: the Orderflow API, which every service accepts (README, Security). */
    public static final String AUDIENCE = "orderflow-api";

    /** The claim that names the customer a token acts for; a token without it is a client's, a storefront's say. */
    public static final String CUSTOMER_CLAIM = "customer_id";

    /** The file in an issuer folder that holds the public key, as PEM. */
    public static final String PUBLIC_KEY_FILE = "public-key.pem";

    private static final String SIGNING_KEY_FILE = "signing-key.json";

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final List<String> audiences;

    private DevIssuer(RSAKey key) {
        this.key = key;
        try {
            this.signer = new RSASSASigner(key);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The development issuer's key cannot sign", ex);
        }
        this.issuer = ISSUER;
        this.audiences = List.of(AUDIENCE);
    }

    private DevIssuer(DevIssuer keyHolder, String issuer, List<String> audiences) {
        this.key = keyHolder.key;
        this.signer = keyHolder.signer;
        this.issuer = issuer;
        this.audiences = audiences;
    }

    /** Returns an issuer with a new key that lives in memory only. */
    public static DevIssuer inMemory() {
        return new DevIssuer(generateKey());
    }

    /** Reads the issuer kept in {@code folder}, or creates it there with a new key. */
    public static DevIssuer loadOrCreate(Path folder) {
        Path keyFile = folder.resolve(SIGNING_KEY_FILE);
        try {
            if (Files.exists(keyFile)) {
                return new DevIssuer(RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8)));
            }
            DevIssuer issuer = inMemory();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, SIGNING_KEY_FILE, ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, issuer.key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temporary, keyFile);
            Files.writeString(folder.resolve(PUBLIC_KEY_FILE), issuer.publicKeyPem(), StandardCharsets.UTF_8);
            return issuer;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not keep the development issuer in " + folder, ex);
        }
        catch (ParseException ex) {
            throw new IllegalStateException(keyFile + " is not an RSA key; delete it to get a new one", ex);
        }
    }

    /**
     * Returns an issuer with the same key whose tokens name {@code issuer} as their {@code iss}: the tokens of another
     * issuer that shares the key, which a service must refuse.
     */
    public DevIssuer withIssuer(String issuer) {
        return new DevIssuer(this, issuer, audiences);
    }

    /**
     * Returns an issuer with the same key whose tokens name {@code audiences} as their {@code aud}, and have no
     * {@code aud} when there is none: tokens meant for another API, which a service must refuse.
     */
    public DevIssuer withAudiences(String... audiences) {
        return new DevIssuer(this, issuer, List.of(audiences));
    }

    /** Returns the public key as a JWK set document, as an OIDC provider serves it at its {@code jwks_uri}. */
    public String publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** Returns the public key that verifies this issuer's tokens, as an X.509 PEM block. */
    public String publicKeyPem() {
        try {
            byte[] encoded = key.toRSAPublicKey().getEncoded();
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded);
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Writes {@link #publicKeyPem()} to {@code file} and returns the file. */
    public Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, publicKeyPem(), StandardCharsets.UTF_8);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Returns a token of a customer, for itself only, with {@code scopes}. */
    public String customerToken(String customerId, Collection<String> scopes, Duration lifetime) {
        return sign(claims(customerId, scopes, Instant.now(), lifetime).claim(CUSTOMER_CLAIM, customerId).build());
    }

    /** Returns a token of a client such as a storefront or an operator's tool, which acts for no one customer. */
    public String clientToken(String clientId, Collection<String> scopes, Duration lifetime) {
        return sign(claims(clientId, scopes, Instant.now(), lifetime).claim("client_id", clientId).build());
    }

    /** Returns a client token that expired {@code ago}. */
    public String expiredClientToken(String clientId, Collection<String> scopes, Duration ago) {
        Instant issued = Instant.now().minus(ago).minus(Duration.ofMinutes(5));
        return sign(claims(clientId, scopes, issued, Duration.ofMinutes(5)).build());
    }

    private JWTClaimsSet.Builder claims(String subject, Collection<String> scopes, Instant issued, Duration lifetime) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audiences.isEmpty() ? null : audiences)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(lifetime)))
                .claim("scope", String.join(" ", scopes));
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign a development token", ex);
        }
        return jwt.serialize();
    }

    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its defaults
        }
    }
}
