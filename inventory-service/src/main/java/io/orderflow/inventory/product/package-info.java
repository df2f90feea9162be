/**
 * The catalogue: products, their prices and stock, adjusted by hand, and their repository.
 */
package io.orderflow.inventory.product;
