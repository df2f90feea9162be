package io.orderflow.order.order;

/** Says why an order was cancelled. */
public enum CancellationReason {
    /** The customer asked for it. */
    CUSTOMER,
    /** Inventory's answer to the reservation did not come within the pending timeout. */
    TIMEOUT
}
