package io.orderflow.inventory.reservation;

import java.math.BigDecimal;

/**
 * What a product has on offer at the moment of a reservation.
 *
 * @param sku the product
 * @param available how many items can still be reserved
 * @param unitPrice the catalogue price of one item
 */
public record StockLevel(String sku, long available, BigDecimal unitPrice) {
}
