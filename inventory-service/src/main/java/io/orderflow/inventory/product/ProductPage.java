package io.orderflow.inventory.product;

import java.util.List;

/**
 * One page of the catalogue, sorted by sku.
 *
 * @param content the products on this page
 * @param page the page's number, from 0
 * @param size the most products a page holds
 * @param totalElements how many products the catalogue has
 */
public record ProductPage(List<Product> content, int page, int size, long totalElements) {

    public ProductPage {
        content = List.copyOf(content);
    }
}
