package io.orderflow.inventory.reservation;

import java.util.List;
import java.util.UUID;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves and releases the stock of orders, each exactly once, whatever the order in which an order's placement and
 * cancellation arrive and however often they are delivered.
 *
 * <p>Runs in the transaction of the consumed event, so that the stock, the ledger, the inbox entry and the event to
 * publish commit together. Products are always locked in sku order, which rules out deadlocks between orders.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class StockReservations {

    private final ReservationRepository repository;

    StockReservations(ReservationRepository repository) {
        this.repository = repository;
    }

    /** Reserves every line of a placed order or none, unless the order was decided or cancelled before. */
    public PlacementOutcome place(UUID orderId, List<OrderLine> lines) {
        var recorded = repository.lockLedgerEntry(orderId);
        if (recorded.isPresent()) {
            if (recorded.get() != LedgerStatus.CANCELLED_BEFORE_PLACEMENT) {
                return new PlacementOutcome.AlreadyDecided(recorded.get());
            }
            repository.updateLedgerEntry(orderId, LedgerStatus.REJECTED, RejectionReason.ORDER_CANCELLED);
            return new PlacementOutcome.Rejected(RejectionReason.ORDER_CANCELLED, List.of());
        }
        List<String> skus = ReservationDecision.sortedBySku(lines).stream().map(OrderLine::sku).distinct().toList();
        var decision = ReservationDecision.decide(lines, repository.lockStock(skus));
        return switch (decision) {
            case ReservationDecision.Reject reject -> {
                recordFirstEntry(orderId, LedgerStatus.REJECTED, RejectionReason.INSUFFICIENT_STOCK);
                yield new PlacementOutcome.Rejected(RejectionReason.INSUFFICIENT_STOCK, reject.shortages());
            }
            case ReservationDecision.Reserve reserve -> {
                recordFirstEntry(orderId, LedgerStatus.RESERVED, null);
                for (ReservedLine line : reserve.lines()) {
                    if (!repository.reserve(line.sku(), line.quantity())) {
                        throw new IllegalStateException("The locked stock of " + line.sku() + " changed");
                    }
                    repository.insertReservation(orderId, line);
                }
                yield new PlacementOutcome.Reserved(reserve.lines());
            }
        };
    }

    /**
     * Releases a cancelled order's stock if it holds any; remembers the cancellation if the order's placement has not
     * arrived yet.
     */
    public CancellationOutcome cancel(UUID orderId) {
        var recorded = repository.lockLedgerEntry(orderId);
        if (recorded.isEmpty()) {
            recordFirstEntry(orderId, LedgerStatus.CANCELLED_BEFORE_PLACEMENT, null);
            return new CancellationOutcome.NothingHeld(LedgerStatus.CANCELLED_BEFORE_PLACEMENT);
        }
        if (recorded.get() != LedgerStatus.RESERVED) {
            return new CancellationOutcome.NothingHeld(recorded.get());
        }
        List<ReservedLine> lines = repository.reservations(orderId);
        for (ReservedLine line : lines) {
            if (!repository.release(line.sku(), line.quantity())) {
                throw new IllegalStateException("The product " + line.sku() + " holds less than order " + orderId
                        + " reserved");
            }
        }
        repository.updateLedgerEntry(orderId, LedgerStatus.RELEASED, null);
        return new CancellationOutcome.Released(lines);
    }

    // Another transaction (an instance that still processed the same order during a rebalance, or the order's other
    // event) wrote the entry after our lookup found none. Rolling back and trying again lets the next attempt see it;
    // ConcurrencyFailureException is transient, so the listener retries it without dead-lettering.
    private void recordFirstEntry(UUID orderId, LedgerStatus status, RejectionReason reason) {
        if (!repository.insertLedgerEntry(orderId, status, reason)) {
            throw new ConcurrencyFailureException("Order " + orderId + " was recorded concurrently");
        }
    }

    /** What the placement of an order came to. */
    public sealed interface PlacementOutcome {

        /** Every line is now held. */
        record Reserved(List<ReservedLine> lines) implements PlacementOutcome {
        }

        /** Nothing is held; {@code shortages} lists every short or unknown line when stock was insufficient. */
        record Rejected(RejectionReason reason, List<Shortage> shortages) implements PlacementOutcome {
        }

        /** The order had been decided before: nothing changed and there is nothing new to announce. */
        record AlreadyDecided(LedgerStatus status) implements PlacementOutcome {
        }
    }

    /** What the cancellation of an order came to. */
    public sealed interface CancellationOutcome {

        /** The order's stock is available again. */
        record Released(List<ReservedLine> lines) implements CancellationOutcome {
        }

        /** The order held no stock; {@code status} is where it stands now. */
        record NothingHeld(LedgerStatus status) implements CancellationOutcome {
        }
    }
}
