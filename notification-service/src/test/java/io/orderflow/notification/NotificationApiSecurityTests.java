package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.testsupport.TestTokens;
import io.orderflow.testsupport.web.TrustedTokensContract;

/** Reads the ledger with tokens that the trusted key signed: only the trusted issuer's, meant for Orderflow, pass. */
class NotificationApiSecurityTests extends NotificationServiceIntegration implements TrustedTokensContract {

    @Test
    void acceptsATokenOfTheTrustedIssuerMeantForOrderflow() {
        assertThat(sendWith(TestTokens.client("ops", "ops:admin"))).hasStatusOk();
    }

    @Override
    public MvcTestResult sendWith(String token) {
        return mvc.get().uri("/api/notifications?orderId={id}", UUID.randomUUID())
                .header("Authorization", "Bearer " + token).exchange();
    }
}
