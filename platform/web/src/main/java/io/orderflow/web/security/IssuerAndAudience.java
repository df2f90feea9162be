package io.orderflow.web.security;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.util.StringUtils;

/**
 * Decides whose tokens a service accepts and for which API they must be meant, whatever gives it the issuer's keys:
 * an issuer URI, a JWK set URI or a public key.
 *
 * <p><b>Issuer.</b> A token's {@code iss} must equal {@code orderflow.security.issuer}. When that is not set, the
 * issuer is {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, or, when the public key is the development
 * issuer's (the local run's {@code dev-issuer/public-key.pem}, the tests' {@code orderflow-test-issuer*.pem}), the
 * development issuer's name {@value #DEVELOPMENT_ISSUER}: the name is assumed exactly where the {@code prod} profile
 * refuses the key ({@link ProductionSettings}). Any other key source without an issuer stops the service from
 * starting, since a key does not say whose tokens it signs: several issuers, or several tenants of one, may share it.
 *
 * <p><b>Audience.</b> A token's {@code aud} must name one of
 * {@code spring.security.oauth2.resourceserver.jwt.audiences}, which Spring Boot checks; it is
 * {@value #DEFAULT_AUDIENCE} in every service unless set ({@code orderflow-web-defaults.properties}), and an
 * empty list stops the service from starting. The three services share one audience rather than one each: they make
 * one API whose scopes already say which part of it a token may use ({@code orders:*}, {@code inventory:admin},
 * {@code ops:admin}), and what the audience has to keep out is a token that the same issuer made for another API.
 * Many providers put a single API into a token's {@code aud}, so one audience per service would also give an
 * operator's tool a token per service. A deployment that wants them apart sets each service's audiences to its own
 * name, and may list an old and a new audience while tokens move on.
 */
final class IssuerAndAudience {

    /** The {@code iss} of the development issuer's tokens, as {@code DevIssuer} of platform/dev-issuer makes them. */
    static final String DEVELOPMENT_ISSUER = "orderflow-dev-issuer";

    /** The audience of every service unless {@code spring.security.oauth2.resourceserver.jwt.audiences} is set. */
    static final String DEFAULT_AUDIENCE = "orderflow-api";

    static final String ISSUER = "orderflow.security.issuer";
    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";
    static final String PUBLIC_KEY_LOCATION = "spring.security.oauth2.resourceserver.jwt.public-key-location";
    static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

    private IssuerAndAudience() {
    }

    /**
     * Returns the validator that checks each token's {@code iss}, for Spring Boot to add to its JWT decoder next to
     * its own audience check, and fails when the issuer or the audience is not known.
     */
    static OAuth2TokenValidator<Jwt> validator(String configuredIssuer, Environment environment) {
        String issuer = issuer(configuredIssuer, environment);
        audiences(environment);
        return new JwtIssuerValidator(issuer);
    }

    /** Returns the {@code iss} every token must have, {@code configured} when set, or fails saying what to set. */
    static String issuer(String configured, Environment environment) {
        String issuerUri = environment.getProperty(ISSUER_URI, "");
        if (StringUtils.hasText(configured)) {
            if (StringUtils.hasText(issuerUri) && !configured.equals(issuerUri)) {
                throw new IllegalStateException(ISSUER + " (" + configured + ") differs from " + ISSUER_URI + " ("
                        + issuerUri + "), which Spring Boot checks too: no token could have both");
            }
            return configured;
        }
        if (StringUtils.hasText(issuerUri)) {
            return issuerUri;
        }
        String publicKey = environment.getProperty(PUBLIC_KEY_LOCATION, "");
        if (isDevelopmentKey(publicKey)) {
            return DEVELOPMENT_ISSUER;
        }
        String keySource = StringUtils.hasText(environment.getProperty(JWK_SET_URI)) ? JWK_SET_URI
                : StringUtils.hasText(publicKey) ? PUBLIC_KEY_LOCATION : null;
        throw new IllegalStateException(keySource == null
                ? "No token issuer is set: set " + ISSUER_URI + ", or " + JWK_SET_URI + " or " + PUBLIC_KEY_LOCATION
                        + " with " + ISSUER
                : "Set " + ISSUER + " to the iss of the tokens that " + keySource + " verifies: a key does not say "
                        + "whose tokens it signs");
    }

    /** Returns the audiences of which every token must name one, or fails when there is none. */
    static List<String> audiences(Environment environment) {
        List<String> audiences = Binder.get(environment).bind(AUDIENCES, Bindable.listOf(String.class))
                .orElse(List.of()).stream().filter(StringUtils::hasText).toList();
        if (audiences.isEmpty()) {
            throw new IllegalStateException("No token audience is set: " + AUDIENCES + " must name the audience of "
                    + "the tokens meant for this service (by default " + DEFAULT_AUDIENCE + ")");
        }
        return audiences;
    }

    /** Tells whether {@code publicKeyLocation} is the development issuer's key, of the local run or of the tests. */
    static boolean isDevelopmentKey(String publicKeyLocation) {
        return publicKeyLocation != null
                && (publicKeyLocation.contains("dev-issuer") || publicKeyLocation.contains("orderflow-test-issuer"));
    }
}
