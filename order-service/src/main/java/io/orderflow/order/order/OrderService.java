package io.orderflow.order.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the order use cases. Each runs in one transaction that changes the order and adds its events to the outbox,
 * so the two are committed together or not at all.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final IdempotencyKeys idempotencyKeys;
    private final OrderEvents events;
    private final Clock clock;

    OrderService(OrderRepository orders, IdempotencyKeys idempotencyKeys, OrderEvents events, Clock clock) {
        this.orders = orders;
        this.idempotencyKeys = idempotencyKeys;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Places an order, or returns the order an earlier request with the same idempotency key placed.
     *
     * @param idempotencyKey the client's key, or null
     * @throws IdempotencyKeyReusedException if the key was used for a different request
     */
    @Transactional
    public Order place(PlaceOrder request, String idempotencyKey) {
        UUID id = UUID.randomUUID();
        if (idempotencyKey != null) {
            var earlier = idempotencyKeys.claim(idempotencyKey, request.fingerprint(), id);
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(request.fingerprint())) {
                    throw new IdempotencyKeyReusedException(idempotencyKey);
                }
                return find(earlier.get().orderId());
            }
        }
        Order order = Order.place(id, request.customerId(), request.customerEmail(), request.lines(),
                clock.instant());
        orders.save(order);
        events.placed(order);
        return order;
    }

    /** Returns an order. */
    @Transactional(readOnly = true)
    public Order find(UUID id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** Returns a page of orders, newest first; null filters match everything. */
    @Transactional(readOnly = true)
    public Page<Order> search(String customerId, OrderStatus status, int page, int size) {
        return orders.search(customerId, status, PageRequest.of(page, size));
    }

    /**
     * Cancels an order. Cancelling a cancelled order changes nothing.
     *
     * @throws OrderTransitionException if the order was rejected
     */
    @Transactional
    public Order cancel(UUID id) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        OrderStatus previous = order.cancel(clock.instant());
        if (previous != null) {
            events.cancelled(order, previous);
        }
        return order;
    }

    /**
     * Confirms a PENDING order with the reserved lines' prices; an order that moved on meanwhile stays as it is.
     *
     * @throws OrderNotFoundException if there is no such order
     */
    @Transactional
    public void confirm(UUID id, Map<String, BigDecimal> unitPrices) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        if (order.confirm(unitPrices, clock.instant())) {
            events.confirmed(order);
        }
    }

    /**
     * Rejects a PENDING order; an order that moved on meanwhile stays as it is.
     *
     * @throws OrderNotFoundException if there is no such order
     */
    @Transactional
    public void reject(UUID id, String reason) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        if (order.reject(reason, clock.instant())) {
            events.rejected(order);
        }
    }
}
