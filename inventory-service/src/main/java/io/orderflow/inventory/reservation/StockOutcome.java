package io.orderflow.inventory.reservation;

import java.util.List;
import java.util.UUID;

/** What a {@link StockRequest} came to. */
public sealed interface StockOutcome {

    /** The order this is about. */
    UUID orderId();

    /** Every line of the order is now held; the lines are sorted by sku. */
    record Reserved(UUID orderId, List<ReservedLine> lines) implements StockOutcome {
    }

    /** Nothing is held; {@code shortages} lists every short or unknown line when stock was insufficient. */
    record Rejected(UUID orderId, RejectionReason reason, List<Shortage> shortages) implements StockOutcome {
    }

    /** The cancelled order's stock is available again. */
    record Released(UUID orderId, List<ReservedLine> lines) implements StockOutcome {
    }

    /**
     * Nothing changed that anyone needs to hear about: the order was decided before (a redelivery), held nothing when
     * it was cancelled, or was cancelled before its placement arrived. {@code status} is where it stands now.
     */
    record NothingToAnnounce(UUID orderId, LedgerStatus status) implements StockOutcome {
    }
}
