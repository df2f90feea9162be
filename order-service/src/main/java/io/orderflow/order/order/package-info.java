/**
 * Orders: the {@link io.orderflow.order.order.Order} aggregate and its life cycle, the use cases that place, show,
 * search, cancel and time out orders and apply inventory's answers, the intake's group commit, the
 * {@link io.orderflow.order.order.OrderEvents} port through which they announce what happened, and their persistence,
 * {@link io.orderflow.order.order.OrderRepository}.
 */
package io.orderflow.order.order;
