package io.orderflow.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.testsupport.TestTokens;
import io.orderflow.testsupport.web.TrustedTokensContract;

/** Adds products with tokens that the trusted key signed: only the trusted issuer's, meant for Orderflow, pass. */
@InventoryServiceTest
class InventoryApiSecurityTests implements TrustedTokensContract {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void acceptsATokenOfTheTrustedIssuerMeantForOrderflow() {
        assertThat(sendWith(TestTokens.client("catalogue", "inventory:admin"))).hasStatus(HttpStatus.CREATED);
    }

    @Override
    public MvcTestResult sendWith(String token) {
        return mvc.post().uri("/api/products").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"sku": "SEC-%s", "name": "Blue mug", "unitPrice": 12.50, "stock": 1}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8)))
                .exchange();
    }
}
