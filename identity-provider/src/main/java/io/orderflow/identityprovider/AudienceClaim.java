package io.orderflow.identityprovider;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Names the services' audience in the {@code aud} of every client-credentials access token, in place of the client's
 * own id that Spring Authorization Server puts there: a service accepts only the tokens meant for its audience
 * ({@code spring.security.oauth2.resourceserver.jwt.audiences}, {@code orderflow-api} unless set).
 */
final class AudienceClaim implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final List<String> audiences;

    /** @param audiences the {@code aud} of the tokens; the services must accept one of them */
    AudienceClaim(List<String> audiences) {
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("The tokens need an audience (orderflow.audience)");
        }
        this.audiences = List.copyOf(audiences);
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                && AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            context.getClaims().audience(audiences);
        }
    }
}
