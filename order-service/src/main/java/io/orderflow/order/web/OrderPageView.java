package io.orderflow.order.web;

import java.util.List;

import org.springframework.data.domain.Page;

import io.orderflow.order.order.Order;

/** A page of orders as the API shows it. */
record OrderPageView(List<OrderView> content, int page, int size, long totalElements) {

    static OrderPageView of(Page<Order> page) {
        return new OrderPageView(page.getContent().stream().map(OrderView::of).toList(), page.getNumber(),
                page.getSize(), page.getTotalElements());
    }
}
