package io.orderflow.inventory.reservation;

/**
 * A line of an order that cannot be reserved.
 *
 * @param sku the product asked for
 * @param requested how many items the order asks for
 * @param available how many items the product has available (0 for an unknown sku)
 * @param unknownSku whether the catalogue has no such product
 */
public record Shortage(String sku, int requested, long available, boolean unknownSku) {
}
