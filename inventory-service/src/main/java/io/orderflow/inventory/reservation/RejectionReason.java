package io.orderflow.inventory.reservation;

/** Why nothing was reserved for an order. */
public enum RejectionReason {

    /** At least one line's product is unknown or has less available than the line asks for. */
    INSUFFICIENT_STOCK,

    /** The order had been cancelled before its placement arrived. */
    ORDER_CANCELLED
}
