package io.orderflow.inventory.product;

import java.math.BigDecimal;

/**
 * A product of the catalogue with its stock.
 *
 * @param sku the product's identifier
 * @param name what the product is called
 * @param unitPrice the price of one item, in euros
 * @param available how many items can be reserved
 * @param reserved how many items are held for orders
 */
public record Product(String sku, String name, BigDecimal unitPrice, long available, long reserved) {
}
