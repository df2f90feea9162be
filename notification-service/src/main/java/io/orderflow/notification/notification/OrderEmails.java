package io.orderflow.notification.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the e-mail that tells a customer what happened to their order, from the templates
 * {@code templates/order-confirmed.txt}, {@code order-rejected.txt} and {@code order-cancelled.txt}.
 *
 * <p>Placeholders: {@code ${orderId}}, {@code ${lines}} (one line per order line), {@code ${total}} (amount and
 * currency) and {@code ${reason}} (rejections only).
 */
public final class OrderEmails {

    private final Map<NotificationType, EmailTemplate> templates = new EnumMap<>(NotificationType.class);

    /** Loads the three templates. */
    public OrderEmails() {
        templates.put(NotificationType.ORDER_CONFIRMED, EmailTemplate.load("order-confirmed"));
        templates.put(NotificationType.ORDER_REJECTED, EmailTemplate.load("order-rejected"));
        templates.put(NotificationType.ORDER_CANCELLED, EmailTemplate.load("order-cancelled"));
    }

    /** Writes the confirmation of an order whose every line is reserved at the given prices. */
    public EmailContent confirmation(UUID orderId, List<Line> lines, BigDecimal total, String currency) {
        return templates.get(NotificationType.ORDER_CONFIRMED).render(Map.of(
                "orderId", orderId.toString(),
                "lines", describe(lines, currency),
                "total", money(total, currency)));
    }

    /** Writes the rejection of an order, saying why it could not be accepted. */
    public EmailContent rejection(UUID orderId, List<Line> lines, String reason) {
        return templates.get(NotificationType.ORDER_REJECTED).render(Map.of(
                "orderId", orderId.toString(),
                "lines", describe(lines, null),
                "reason", reason));
    }

    /** Writes the cancellation notice of an order; {@code total} is null when the order was never priced. */
    public EmailContent cancellation(UUID orderId, List<Line> lines, BigDecimal total, String currency) {
        return templates.get(NotificationType.ORDER_CANCELLED).render(Map.of(
                "orderId", orderId.toString(),
                "lines", describe(lines, currency),
                "total", total == null ? "not priced yet" : money(total, currency)));
    }

    private static String describe(List<Line> lines, String currency) {
        return lines.stream().map(line -> line.unitPrice() == null || currency == null
                ? "  %d x %s".formatted(line.quantity(), line.sku())
                : "  %d x %s at %s = %s".formatted(line.quantity(), line.sku(), money(line.unitPrice(), currency),
                        money(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())), currency)))
                .collect(Collectors.joining("\n"));
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency;
    }

    /**
     * One order line as an e-mail shows it.
     *
     * @param sku the product
     * @param quantity how many
     * @param unitPrice the price of one, or null if the order was not priced
     */
    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
