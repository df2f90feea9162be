package io.orderflow.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.testsupport.TestTokens;

/**
 * Sends a service tokens that the trusted key signed but that name another issuer or another audience: each is
 * refused with 401 as a problem. A service's test class implements it, says which request its API is asked with, and
 * shows that a token of the trusted issuer meant for Orderflow passes.
 */
public interface TrustedTokensContract {

    /** Sends a request that the token's scopes would allow, with {@code token} as bearer. */
    MvcTestResult sendWith(String token);

    @Test
    default void answers401ForATokenOfAnotherIssuerSignedByTheTrustedKey() {
        assertUnauthorized(sendWith(TestTokens.ofIssuer("https://login.example.com")));
    }

    @Test
    default void answers401ForATokenMeantForAnotherAudience() {
        assertUnauthorized(sendWith(TestTokens.forAudience("billing-api")));
    }

    private static void assertUnauthorized(MvcTestResult answer) {
        assertThat(answer).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.status").asNumber().isEqualTo(401);
    }
}
