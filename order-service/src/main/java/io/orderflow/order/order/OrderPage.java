package io.orderflow.order.order;

import java.util.List;

/**
 * One page of a search for orders.
 *
 * @param page the page's number, from 0
 * @param size the most orders a page holds
 * @param totalElements how many orders the search found on all pages
 */
public record OrderPage(List<Order> content, int page, int size, long totalElements) {

    public OrderPage {
        content = List.copyOf(content);
    }
}
