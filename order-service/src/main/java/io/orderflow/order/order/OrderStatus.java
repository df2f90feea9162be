package io.orderflow.order.order;

/** Where an order is in its life cycle. */
public enum OrderStatus {
    /** Placed; the stock reservation has not answered yet. */
    PENDING,
    /** Every line is reserved and priced. */
    CONFIRMED,
    /** Some line was short or unknown; nothing is reserved. */
    REJECTED,
    /** Cancelled by the customer; any reserved stock is released. */
    CANCELLED
}
