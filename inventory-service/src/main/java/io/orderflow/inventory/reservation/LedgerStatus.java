package io.orderflow.inventory.reservation;

/** Where an order's stock stands, as recorded in the order ledger. */
public enum LedgerStatus {

    /** Every line of the order is held. */
    RESERVED,

    /** Nothing was reserved: stock was short or unknown, or the order had been cancelled before. Final. */
    REJECTED,

    /** The order was cancelled after its reservation and its stock is available again. Final. */
    RELEASED,

    /** The order was cancelled before its placement arrived; the placement will reserve nothing. */
    CANCELLED_BEFORE_PLACEMENT
}
