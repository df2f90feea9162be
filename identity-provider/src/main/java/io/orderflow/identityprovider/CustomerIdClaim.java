package io.orderflow.identityprovider;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts the customer that a token request of the {@code customer} client names, in its form parameter
 * {@code customer_id}, into the access token as the claim {@code customer_id}: the services then let the token act
 * for that customer only. The request fails with {@code invalid_request} without it. Other clients' tokens get no
 * such claim, whatever their request carries.
 */
final class CustomerIdClaim implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** The client id of the development client that asks for tokens on behalf of one customer. */
    static final String CUSTOMER_CLIENT = "customer";

    /** The form parameter of the token request and the claim of the token; the services read the same claim. */
    static final String CUSTOMER_ID = "customer_id";

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                || !CUSTOMER_CLIENT.equals(context.getRegisteredClient().getClientId())) {
            return;
        }
        // a parameter given twice arrives as a String[], which is refused like a missing one
        Object customerId = context.getAuthorizationGrant() instanceof OAuth2ClientCredentialsAuthenticationToken grant
                ? grant.getAdditionalParameters().get(CUSTOMER_ID)
                : null;
        if (!(customerId instanceof String id) || id.isBlank()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "The customer client must name the customer in the form parameter " + CUSTOMER_ID, null));
        }
        context.getClaims().claim(CUSTOMER_ID, id);
    }
}
