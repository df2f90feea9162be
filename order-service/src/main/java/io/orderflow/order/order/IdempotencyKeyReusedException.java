package io.orderflow.order.order;

/** Says that an {@code Idempotency-Key} came back with a different request than the one it was first used for. */
public final class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request");
    }
}
