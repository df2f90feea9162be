package io.orderflow.order.order;

/** Says that order-service takes no more orders right now: its intake queue is full, or it is stopping. */
public final class OrderIntakeFullException extends RuntimeException {

    public OrderIntakeFullException() {
        super("order-service is at capacity; send the request again in a moment (with the same Idempotency-Key)");
    }
}
