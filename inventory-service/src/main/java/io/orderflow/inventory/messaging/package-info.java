/**
 * Inventory's events on Kafka: the listener of order events, the integration events, and the outbox adapter of the
 * {@link io.orderflow.inventory.reservation.StockEvents} port.
 */
package io.orderflow.inventory.messaging;
