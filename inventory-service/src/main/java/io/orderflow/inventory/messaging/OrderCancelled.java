package io.orderflow.inventory.messaging;

import java.util.Objects;
import java.util.UUID;

/** The part of {@code io.orderflow.OrderCancelled} this service reads: the stock to release is its own record. */
record OrderCancelled(UUID orderId) {

    OrderCancelled {
        Objects.requireNonNull(orderId, "orderId");
    }
}
