package io.orderflow.inventory.reservation;

import java.util.Objects;

/**
 * One line of an order as the stock sees it.
 *
 * @param sku the product
 * @param quantity how many items the order asks for, at least 1
 */
public record OrderLine(String sku, int quantity) {

    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }
}
