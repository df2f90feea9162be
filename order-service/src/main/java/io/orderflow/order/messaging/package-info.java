/**
 * The orders' events on Kafka: the listener of inventory's answers, the integration events, and the outbox adapter of
 * the {@link io.orderflow.order.order.OrderEvents} port.
 */
package io.orderflow.order.messaging;
