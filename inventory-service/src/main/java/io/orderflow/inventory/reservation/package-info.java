/**
 * Stock reservations: the decision to reserve an order's stock all or nothing, the ledger that applies each placement
 * and cancellation once, the {@link io.orderflow.inventory.reservation.StockEvents} port through which the outcomes are
 * announced, and their repository.
 */
package io.orderflow.inventory.reservation;
