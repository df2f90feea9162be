package io.orderflow.order.order;

import java.util.UUID;

/** What placing an order came to. */
public sealed interface Placement {

    /** A new order. */
    record Placed(Order order) implements Placement {
    }

    /** An earlier request with the same idempotency key and body placed this order. */
    record PlacedBefore(UUID orderId) implements Placement {
    }
}
