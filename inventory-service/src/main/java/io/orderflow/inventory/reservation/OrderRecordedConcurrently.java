package io.orderflow.inventory.reservation;

/** Another transaction recorded one of the orders of a batch meanwhile; applying the batch again sees its entry. */
public final class OrderRecordedConcurrently extends RuntimeException {

    OrderRecordedConcurrently(String message) {
        super(message);
    }
}
