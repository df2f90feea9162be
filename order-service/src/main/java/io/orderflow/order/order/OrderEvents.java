package io.orderflow.order.order;

import java.util.List;

/**
 * Announces what happened to orders. Called inside the transaction that made it happen; the implementation turns
 * each domain event into an integration event on the outbox, all of one call with one statement.
 */
public interface OrderEvents {

    /** Announces new PENDING orders. */
    void placed(List<Order> orders);

    /** Announces, for each order, that it was confirmed and priced or that it was rejected, as its status says. */
    void decided(List<DecidedOrder> orders);

    /** Announces that an order was cancelled from {@code previousStatus}. */
    void cancelled(Order order, OrderStatus previousStatus);
}
