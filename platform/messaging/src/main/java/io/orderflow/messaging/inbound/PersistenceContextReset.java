package io.orderflow.messaging.inbound;

/**
 * Empties the persistence context of the current transaction after writing what it holds. The dispatcher calls it
 * after each event of a batch, so that a batch transaction costs what its events cost one by one: a JPA session that
 * keeps every entity of the batch would check them all for changes before each query.
 */
@FunctionalInterface
public interface PersistenceContextReset {

    /** Does nothing: for services that keep no persistence context. */
    PersistenceContextReset NONE = () -> {
    };

    /** Writes the pending changes and forgets the loaded entities. */
    void reset();
}
