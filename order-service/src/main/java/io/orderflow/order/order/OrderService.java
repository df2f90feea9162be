package io.orderflow.order.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the order use cases. Each runs in one transaction that changes orders and adds their events to the outbox,
 * so the two are committed together or not at all.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final OrderIntake intake;
    private final OrderEvents events;
    private final OrderOutcomes outcomes;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderIntake intake, OrderEvents events, OrderOutcomes outcomes, Clock clock) {
        this.orders = orders;
        this.intake = intake;
        this.events = events;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * Places an order, or returns the order an earlier request with the same idempotency key placed. Waits until the
     * order is committed, together with the other orders placed at the same moment.
     *
     * @param idempotencyKey the client's key, or null
     * @throws IdempotencyKeyReusedException if the key was used for a different request
     * @throws OrderIntakeFullException if the service takes no more orders right now
     */
    public Order place(PlaceOrder request, String idempotencyKey) {
        return switch (intake.place(request, idempotencyKey)) {
            case Placement.Placed placed -> placed.order();
            case Placement.PlacedBefore before -> find(before.orderId());
        };
    }

    /** Returns an order. */
    @Transactional(readOnly = true)
    public Order find(UUID id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** Returns a page of orders, newest first; null filters match everything. */
    @Transactional(readOnly = true)
    public OrderPage search(String customerId, OrderStatus status, int page, int size) {
        Page<Order> found = orders.search(customerId, status, PageRequest.of(page, size));
        return new OrderPage(found.getContent(), found.getNumber(), found.getSize(), found.getTotalElements());
    }

    /**
     * Cancels an order. Cancelling a cancelled order changes nothing.
     *
     * @throws OrderTransitionException if the order was rejected
     */
    @Transactional
    public Order cancel(UUID id) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        OrderStatus previous = order.cancel(clock.instant(), CancellationReason.CUSTOMER);
        if (previous != null) {
            events.cancelled(order, previous);
        }
        if (previous == OrderStatus.PENDING) {
            outcomes.decided(OrderOutcomes.Outcome.CANCELLED, order.createdAt());
        }
        return order;
    }

    /**
     * Cancels, with reason TIMEOUT, up to {@code limit} orders that are still PENDING and were placed before
     * {@code placedBefore}, each with its OrderCancelled, in one transaction. Rows another transaction holds (a
     * confirmation, a customer's cancel, another instance's sweep) are skipped, not waited for.
     *
     * @return how many orders were cancelled
     */
    @Transactional
    public int timeOutPendingOrders(Instant placedBefore, int limit) {
        List<UUID> ids = orders.lockPendingPlacedBefore(placedBefore, limit);
        List<OrderOutcomes.Decision> timedOut = new ArrayList<>();
        for (Order order : orders.findAllById(ids)) {
            if (order.timeOut(clock.instant())) {
                events.cancelled(order, OrderStatus.PENDING);
                timedOut.add(new OrderOutcomes.Decision(OrderOutcomes.Outcome.TIMEOUT, order.createdAt()));
            }
        }
        outcomes.decided(timedOut);
        return timedOut.size();
    }

    /**
     * Applies inventory's answers to the reservations of orders, all in the caller's transaction: each PENDING order
     * is confirmed with its reserved lines' prices or rejected; an order that moved on meanwhile stays as it is.
     * The orders are locked once, in id order, and written with a few statements for all of them.
     *
     * @throws OrderNotFoundException if an answer names no known order
     * @throws IllegalArgumentException if a confirmation's prices do not fit its order's skus
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void applyReservationAnswers(List<ReservationAnswer> answers) {
        Map<UUID, OrderToDecide> locked = orders.lockToDecide(new TreeSet<>(answers.stream()
                .map(ReservationAnswer::orderId).toList()));
        Map<UUID, DecidedOrder> decided = new LinkedHashMap<>();
        for (ReservationAnswer answer : answers) {
            OrderToDecide order = locked.get(answer.orderId());
            if (order == null) {
                throw new OrderNotFoundException(answer.orderId());
            }
            if (!decided.containsKey(order.id())) {
                // an order decided by an earlier answer of the batch is past PENDING: a later answer leaves it
                order.decide(answer, clock.instant()).ifPresent(decision -> decided.put(order.id(), decision));
            }
        }
        List<DecidedOrder> changed = List.copyOf(decided.values());
        orders.updateDecided(changed);
        events.decided(changed);
        outcomes.decided(changed.stream().map(order -> new OrderOutcomes.Decision(
                OrderOutcomes.Outcome.valueOf(order.status().name()), locked.get(order.id()).placedAt())).toList());
    }
}
