package io.orderflow.notification.messaging;

import java.math.BigDecimal;

/**
 * A line of an order as the order events carry it.
 *
 * @param sku the product
 * @param quantity how many
 * @param unitPrice the price of one; null in OrderRejected and in OrderCancelled of a never-priced order
 */
record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
}
