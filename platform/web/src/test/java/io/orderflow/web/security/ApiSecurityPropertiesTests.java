package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ApiSecurityPropertiesTests {

    @Test
    void limitsCustomersClientsAndAnonymousCallersByDefaultAndRemembersTokens() {
        ApiSecurityProperties properties = bind(Map.of());

        assertThat(properties.customerClaim()).isEqualTo("customer_id");
        assertThat(properties.rateLimit().enabled()).isTrue();
        assertThat(properties.rateLimit().customer()).isEqualTo(new ApiSecurityProperties.Limit(20, 40,
                Duration.ofSeconds(1)));
        assertThat(properties.rateLimit().client().requests()).isEqualTo(5000);
        assertThat(properties.rateLimit().anonymous().burst()).isEqualTo(100);
        assertThat(properties.rateLimit().maxCallers()).isEqualTo(100_000);
        assertThat(properties.tokenCache().maxTokens()).isEqualTo(4096);
        assertThat(properties.tokenCache().timeToLive()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void takesABurstAsLargeAsTheRateAndAOneSecondPeriodWhenNotSet() {
        ApiSecurityProperties properties = bind(Map.of(
                "orderflow.security.rate-limit.client.requests", "300",
                "orderflow.security.issuer", "https://login.example.com"));

        assertThat(properties.rateLimit().client()).isEqualTo(new ApiSecurityProperties.Limit(300, 300,
                Duration.ofSeconds(1)));
        assertThat(properties.issuer()).isEqualTo("https://login.example.com");
    }

    private static ApiSecurityProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("orderflow.security", ApiSecurityProperties.class);
    }
}
