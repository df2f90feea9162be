package io.orderflow.order.order;

/**
 * Announces what happened to orders. Called inside the transaction that made it happen; the implementation turns
 * each domain event into an integration event on the outbox.
 */
public interface OrderEvents {

    /** Announces a new PENDING order. */
    void placed(Order order);

    /** Announces that an order was confirmed and priced. */
    void confirmed(Order order);

    /** Announces that an order was rejected. */
    void rejected(Order order);

    /** Announces that an order was cancelled from {@code previousStatus}. */
    void cancelled(Order order, OrderStatus previousStatus);
}
