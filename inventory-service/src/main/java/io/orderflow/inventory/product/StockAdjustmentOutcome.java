package io.orderflow.inventory.product;

/** What a stock adjustment came to. */
public sealed interface StockAdjustmentOutcome {

    /** The stock was adjusted; {@code product} shows it afterwards. */
    record Adjusted(Product product) implements StockAdjustmentOutcome {
    }

    /** Nothing changed: the catalogue has no such product. */
    record UnknownProduct() implements StockAdjustmentOutcome {
    }

    /** Nothing changed: the adjustment would take {@code available} below zero. */
    record WouldGoNegative(long available) implements StockAdjustmentOutcome {
    }
}
