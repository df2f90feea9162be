package io.orderflow.order.web;

import java.util.List;

import io.orderflow.order.order.OrderPage;

/** A page of orders as the API shows it. */
record OrderPageView(List<OrderView> content, int page, int size, long totalElements) {

    static OrderPageView of(OrderPage page) {
        return new OrderPageView(page.content().stream().map(OrderView::of).toList(), page.page(), page.size(),
                page.totalElements());
    }
}
