package io.orderflow.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.testsupport.TestTokens;

/** Sends tokens that the trusted key signed: only the trusted issuer's, meant for Orderflow, pass. */
@InventoryServiceTest
class InventoryApiSecurityTests {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void answers401ForATokenOfAnotherIssuerSignedByTheTrustedKey() {
        assertThat(addProduct(TestTokens.ofIssuer("https://login.example.com")))
                .hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.status").asNumber().isEqualTo(401);
    }

    @Test
    void answers401ForATokenMeantForAnotherAudience() {
        assertThat(addProduct(TestTokens.forAudience("billing-api")))
                .hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.status").asNumber().isEqualTo(401);
    }

    @Test
    void acceptsATokenOfTheTrustedIssuerMeantForOrderflow() {
        assertThat(addProduct(TestTokens.client("catalogue", "inventory:admin"))).hasStatus(HttpStatus.CREATED);
    }

    private MvcTestResult addProduct(String token) {
        return mvc.post().uri("/api/products").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"sku": "SEC-%s", "name": "Blue mug", "unitPrice": 12.50, "stock": 1}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8)))
                .exchange();
    }
}
