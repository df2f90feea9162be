package io.orderflow.inventory.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The body of {@code io.orderflow.StockReleased}: the stock held for a cancelled order is available again. */
record StockReleased(UUID orderId, List<Line> lines, Instant releasedAt) {

    record Line(String sku, int quantity) {
    }
}
