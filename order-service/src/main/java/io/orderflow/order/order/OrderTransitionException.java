package io.orderflow.order.order;

/** Says that an order cannot make a requested move from its current status. */
public final class OrderTransitionException extends RuntimeException {

    private final OrderStatus status;

    OrderTransitionException(OrderStatus status, String action) {
        super("A " + status + " order cannot be " + action);
        this.status = status;
    }

    /** Returns the status the order was in. */
    public OrderStatus status() {
        return status;
    }
}
