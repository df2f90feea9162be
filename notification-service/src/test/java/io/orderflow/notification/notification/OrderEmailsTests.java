package io.orderflow.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OrderEmailsTests {

    private static final UUID ORDER = UUID.fromString("3f0c2a4e-8d1b-4c3a-9f6e-2b7d5c1a9e80");

    private final OrderEmails emails = new OrderEmails();

    @Test
    void writesAConfirmationWithPricedLinesAndTheTotal() {
        EmailContent email = emails.confirmation(ORDER, List.of(
                new OrderEmails.Line("SKU-1", 2, new BigDecimal("12.5")),
                new OrderEmails.Line("SKU-7", 1, new BigDecimal("4.99"))), new BigDecimal("29.99"), "EUR");

        assertThat(email.subject()).isEqualTo("Your order " + ORDER + " is confirmed");
        assertThat(email.body())
                .contains("  2 x SKU-1 at 12.50 EUR = 25.00 EUR\n  1 x SKU-7 at 4.99 EUR = 4.99 EUR\n")
                .contains("Total: 29.99 EUR")
                .doesNotContain("${");
    }

    @Test
    void writesARejectionWithTheReason() {
        EmailContent email = emails.rejection(ORDER, List.of(new OrderEmails.Line("SKU-7", 1, null)),
                "SKU-7: requested 1, available 0");

        assertThat(email.subject()).isEqualTo("We could not accept your order " + ORDER);
        assertThat(email.body()).contains("  1 x SKU-7\n").contains("Why: SKU-7: requested 1, available 0");
    }

    @Test
    void writesACancellationOfAnOrderThatWasNeverPriced() {
        EmailContent email = emails.cancellation(ORDER, List.of(new OrderEmails.Line("SKU-1", 2, null)), null, "EUR");

        assertThat(email.body()).contains("  2 x SKU-1\n").contains("Total: not priced yet");
    }

    @Test
    void keepsDollarSignsAndBackslashesInValuesAsTheyAre() {
        EmailContent email = emails.rejection(ORDER, List.of(new OrderEmails.Line("SKU-7", 1, null)),
                "price $1 \\ ${reason}");

        assertThat(email.body()).contains("Why: price $1 \\ ${reason}");
    }

    @Test
    void refusesToRenderATemplateWithAMissingValue() {
        EmailTemplate template = EmailTemplate.parse("test", "Subject: Order ${orderId}\n\nHello ${name}");

        assertThatThrownBy(() -> template.render(Map.of("orderId", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${name}");
    }
}
