package io.orderflow.order.order;

import java.util.UUID;

/** Says that no order has the given id. */
public final class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(UUID id) {
        super("No order " + id);
    }
}
