package io.orderflow.inventory.reservation;

import java.util.List;
import java.util.UUID;

/** Something that happened to an order and may move its stock: its placement or its cancellation. */
public sealed interface StockRequest {

    /** The order this is about. */
    UUID orderId();

    /** The order was placed with these lines: reserve them all or none. */
    record Placement(UUID orderId, List<OrderLine> lines) implements StockRequest {

        public Placement {
            lines = List.copyOf(lines);
        }
    }

    /** The order was cancelled: release what it holds. */
    record Cancellation(UUID orderId) implements StockRequest {
    }
}
