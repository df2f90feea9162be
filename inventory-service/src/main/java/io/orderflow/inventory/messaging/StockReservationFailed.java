package io.orderflow.inventory.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The body of {@code io.orderflow.StockReservationFailed}: nothing is held for the order. */
record StockReservationFailed(UUID orderId, String reason, List<Shortage> shortages, Instant failedAt) {

    record Shortage(String sku, int requested, long available, boolean unknownSku) {
    }
}
