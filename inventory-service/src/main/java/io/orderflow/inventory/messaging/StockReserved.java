package io.orderflow.inventory.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The body of {@code io.orderflow.StockReserved}: every line of the order is held, at these prices. */
record StockReserved(UUID orderId, List<Line> lines, String currency, Instant reservedAt) {

    record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
