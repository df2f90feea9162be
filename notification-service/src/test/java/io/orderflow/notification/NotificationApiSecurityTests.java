package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.testsupport.TestTokens;

/** Sends tokens that the trusted key signed: only the trusted issuer's, meant for Orderflow, pass. */
class NotificationApiSecurityTests extends NotificationServiceIntegration {

    @Test
    void answers401ForATokenOfAnotherIssuerSignedByTheTrustedKey() {
        assertThat(readLedger(TestTokens.ofIssuer("https://login.example.com")))
                .hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.status").asNumber().isEqualTo(401);
    }

    @Test
    void answers401ForATokenMeantForAnotherAudience() {
        assertThat(readLedger(TestTokens.forAudience("billing-api")))
                .hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.status").asNumber().isEqualTo(401);
    }

    @Test
    void acceptsATokenOfTheTrustedIssuerMeantForOrderflow() {
        assertThat(readLedger(TestTokens.client("ops", "ops:admin"))).hasStatusOk();
    }

    private MvcTestResult readLedger(String token) {
        return mvc.get().uri("/api/notifications?orderId={id}", UUID.randomUUID())
                .header("Authorization", "Bearer " + token).exchange();
    }
}
