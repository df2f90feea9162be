package io.orderflow.inventory.reservation;

import java.math.BigDecimal;

/**
 * One line of an order whose stock is held, at the price it was reserved at.
 *
 * @param sku the product
 * @param quantity how many items are held
 * @param unitPrice the catalogue price of one item when it was reserved
 */
public record ReservedLine(String sku, int quantity, BigDecimal unitPrice) {
}
