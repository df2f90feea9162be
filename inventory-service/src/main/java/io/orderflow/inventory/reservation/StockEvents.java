package io.orderflow.inventory.reservation;

import java.util.List;

/**
 * Announces what became of the stock requests of orders. Called inside the transaction that decided them; the
 * implementation turns each outcome worth announcing into an integration event on the outbox, all of one call with one
 * statement.
 */
public interface StockEvents {

    /** Announces the outcomes that others need to hear about: reserved, rejected, released. */
    void announce(List<StockOutcome> outcomes);
}
