package io.orderflow.inventory.reservation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.orderflow.inventory.reservation.ReservationRepository.LedgerEntry;
import io.orderflow.inventory.reservation.ReservationRepository.StockChange;

/**
 * Reserves and releases the stock of orders, each exactly once, whatever the order in which an order's placement and
 * cancellation arrive and however often they are delivered.
 *
 * <p>Handles the requests of many orders at once, in the transaction of the consumed events, so that the stock, the
 * ledger, the inbox entries and the events to publish commit together. It locks the orders' ledger entries in order
 * id order and then every product the requests touch, once, in sku order: two transactions that lock in one global
 * order cannot deadlock. It then decides each request in turn on the locked numbers, in memory, and writes the result
 * with a few statements for all of them.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class StockReservations {

    private final ReservationRepository repository;
    private final StockEvents events;

    StockReservations(ReservationRepository repository, StockEvents events) {
        this.repository = repository;
        this.events = events;
    }

    /**
     * Applies placements and cancellations in the given order, announces what changed, and returns what each came
     * to, in the same order.
     *
     * @throws OrderRecordedConcurrently if another transaction recorded one of the orders meanwhile; trying again sees
     *     its entry
     */
    public List<StockOutcome> apply(List<StockRequest> requests) {
        SortedSet<UUID> orderIds = new TreeSet<>();
        requests.forEach(request -> orderIds.add(request.orderId()));
        Map<UUID, LedgerEntry> recorded = repository.lockLedgerEntries(orderIds);
        // only a cancellation needs what an order holds; a placement of a RESERVED order is a redelivery
        Map<UUID, List<ReservedLine>> held = new HashMap<>(repository.reservationsOf(requests.stream()
                .filter(request -> request instanceof StockRequest.Cancellation)
                .map(StockRequest::orderId)
                .filter(orderId -> recorded.containsKey(orderId)
                        && recorded.get(orderId).status() == LedgerStatus.RESERVED)
                .distinct()
                .toList()));
        SortedSet<String> skus = new TreeSet<>();
        for (StockRequest request : requests) {
            switch (request) {
                case StockRequest.Placement placement -> placement.lines().forEach(line -> skus.add(line.sku()));
                case StockRequest.Cancellation cancellation -> held.getOrDefault(cancellation.orderId(), List.of())
                        .forEach(line -> skus.add(line.sku()));
            }
        }
        Batch batch = new Batch(recorded, held, repository.lockStock(skus));
        List<StockOutcome> outcomes = new ArrayList<>(requests.size());
        for (StockRequest request : requests) {
            outcomes.add(switch (request) {
                case StockRequest.Placement placement -> batch.place(placement);
                case StockRequest.Cancellation cancellation -> batch.cancel(cancellation.orderId());
            });
        }
        if (!batch.write()) {
            throw new OrderRecordedConcurrently("One of orders " + orderIds + " was recorded concurrently");
        }
        events.announce(outcomes);
        return outcomes;
    }

    /** The locked state of one batch of requests, changed in memory and written at the end. */
    private final class Batch {

        private final Map<UUID, LedgerEntry> recorded;
        private final Map<UUID, List<ReservedLine>> held;
        private final Map<String, StockLevel> stock;
        private final Map<UUID, LedgerEntry> newEntries = new TreeMap<>();
        private final Map<UUID, LedgerEntry> changedEntries = new TreeMap<>();
        private final Map<UUID, List<ReservedLine>> newReservations = new LinkedHashMap<>();
        private final Map<String, StockChange> stockChanges = new TreeMap<>();

        Batch(Map<UUID, LedgerEntry> recorded, Map<UUID, List<ReservedLine>> held, Map<String, StockLevel> stock) {
            this.recorded = recorded;
            this.held = held;
            this.stock = new HashMap<>(stock);
        }

        StockOutcome place(StockRequest.Placement placement) {
            UUID orderId = placement.orderId();
            LedgerEntry entry = entryOf(orderId);
            if (entry != null) {
                if (entry.status() != LedgerStatus.CANCELLED_BEFORE_PLACEMENT) {
                    return new StockOutcome.NothingToAnnounce(orderId, entry.status());
                }
                record(orderId, LedgerStatus.REJECTED, RejectionReason.ORDER_CANCELLED);
                return new StockOutcome.Rejected(orderId, RejectionReason.ORDER_CANCELLED, List.of());
            }
            return switch (ReservationDecision.decide(placement.lines(), stock)) {
                case ReservationDecision.Reject reject -> {
                    record(orderId, LedgerStatus.REJECTED, RejectionReason.INSUFFICIENT_STOCK);
                    yield new StockOutcome.Rejected(orderId, RejectionReason.INSUFFICIENT_STOCK, reject.shortages());
                }
                case ReservationDecision.Reserve reserve -> {
                    record(orderId, LedgerStatus.RESERVED, null);
                    reserve.lines().forEach(line -> move(line.sku(), -line.quantity()));
                    held.put(orderId, reserve.lines());
                    newReservations.put(orderId, reserve.lines());
                    yield new StockOutcome.Reserved(orderId, reserve.lines());
                }
            };
        }

        StockOutcome cancel(UUID orderId) {
            LedgerEntry entry = entryOf(orderId);
            if (entry == null) {
                record(orderId, LedgerStatus.CANCELLED_BEFORE_PLACEMENT, null);
                return new StockOutcome.NothingToAnnounce(orderId, LedgerStatus.CANCELLED_BEFORE_PLACEMENT);
            }
            if (entry.status() != LedgerStatus.RESERVED) {
                return new StockOutcome.NothingToAnnounce(orderId, entry.status());
            }
            List<ReservedLine> lines = held.getOrDefault(orderId, List.of());
            lines.forEach(line -> move(line.sku(), line.quantity()));
            record(orderId, LedgerStatus.RELEASED, null);
            return new StockOutcome.Released(orderId, lines);
        }

        /** Writes the batch, or returns false if another transaction recorded one of its new orders meanwhile. */
        boolean write() {
            if (repository.insertLedgerEntries(newEntries) != newEntries.size()) {
                return false;
            }
            repository.updateLedgerEntries(changedEntries);
            stockChanges.values().removeIf(change -> change.available() == 0 && change.reserved() == 0);
            if (repository.changeStock(stockChanges) != stockChanges.size()) {
                throw new IllegalStateException("A locked product of " + stockChanges.keySet() + " disappeared");
            }
            repository.insertReservations(newReservations);
            return true;
        }

        private LedgerEntry entryOf(UUID orderId) {
            LedgerEntry entry = newEntries.get(orderId);
            if (entry == null) {
                entry = changedEntries.get(orderId);
            }
            return entry != null ? entry : recorded.get(orderId);
        }

        private void record(UUID orderId, LedgerStatus status, RejectionReason reason) {
            LedgerEntry entry = new LedgerEntry(status, reason);
            if (recorded.containsKey(orderId)) {
                changedEntries.put(orderId, entry);
            }
            else {
                newEntries.put(orderId, entry);
            }
        }

        /** Moves {@code quantity} items of a product from reserved to available; a negative quantity reserves. */
        private void move(String sku, int quantity) {
            StockLevel level = stock.get(sku);
            if (level == null || level.available() + quantity < 0) {
                throw new IllegalStateException("The locked stock of " + sku + " cannot move " + quantity);
            }
            stock.put(sku, new StockLevel(sku, level.available() + quantity, level.unitPrice()));
            stockChanges.merge(sku, new StockChange(quantity, -quantity), (a, b) -> a.plus(b.available(),
                    b.reserved()));
        }
    }
}
