package io.orderflow.order.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** order-service's own copy of the {@code inventory-events} it reads; unknown fields are ignored. */
final class InventoryIntegrationEvents {

    static final String TOPIC = "inventory-events";

    private InventoryIntegrationEvents() {
    }

    record ReservedLine(String sku, int quantity, BigDecimal unitPrice) {
        ReservedLine {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(unitPrice, "unitPrice");
        }
    }

    record StockReserved(UUID orderId, List<ReservedLine> lines, String currency, Instant reservedAt) {
        static final String TYPE = "io.orderflow.StockReserved";

        StockReserved {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(lines, "lines");
        }
    }

    record Shortage(String sku, int requested, long available, boolean unknownSku) {
        Shortage {
            Objects.requireNonNull(sku, "sku");
        }
    }

    record StockReservationFailed(UUID orderId, String reason, List<Shortage> shortages, Instant failedAt) {
        static final String TYPE = "io.orderflow.StockReservationFailed";

        StockReservationFailed {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(reason, "reason");
            shortages = shortages == null ? List.of() : shortages;
        }
    }
}
