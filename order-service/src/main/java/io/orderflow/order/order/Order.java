package io.orderflow.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer's order and its life cycle: PENDING, then CONFIRMED or REJECTED by the stock reservation (which
 * {@link OrderToDecide} decides for many stored orders at once); PENDING or CONFIRMED may become CANCELLED. Each method
 * either moves the order or says why it cannot; it never half-moves.
 */
@Entity
@Table(name = "customer_order")
public class Order {

    /** The currency of every price; the catalogue has one. */
    public static final String CURRENCY = "EUR";

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "customer_email", nullable = false)
    private String customerEmail;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();

    private BigDecimal total;

    @Column(nullable = false)
    private String currency;

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @Enumerated(EnumType.STRING)
    @Column(name = "cancellation_reason")
    private CancellationReason cancellationReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    protected Order() {
    }

    private Order(UUID id, String customerId, String customerEmail, List<OrderLine> lines, Instant now) {
        this.id = id;
        this.customerId = customerId;
        this.customerEmail = customerEmail;
        this.lines = new ArrayList<>(lines);
        this.status = OrderStatus.PENDING;
        this.currency = CURRENCY;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Places a new PENDING order; a sku may appear in one line only. */
    public static Order place(UUID id, String customerId, String customerEmail, List<OrderLine> lines, Instant now) {
        Objects.requireNonNull(id, "id");
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one line");
        }
        Set<String> skus = new HashSet<>();
        for (OrderLine line : lines) {
            if (!skus.add(line.sku())) {
                throw new IllegalArgumentException("Sku " + line.sku() + " appears in more than one line");
            }
        }
        return new Order(id, customerId, customerEmail, lines, now);
    }

    /**
     * Cancels a PENDING or CONFIRMED order.
     *
     * @return the status it had, or null if it was cancelled already
     * @throws OrderTransitionException if the order was rejected
     */
    public OrderStatus cancel(Instant now, CancellationReason reason) {
        Objects.requireNonNull(reason, "reason");
        return switch (status) {
            case CANCELLED -> null;
            case REJECTED -> throw new OrderTransitionException(status, "cancelled");
            case PENDING, CONFIRMED -> {
                OrderStatus previous = status;
                cancellationReason = reason;
                moveTo(OrderStatus.CANCELLED, now);
                yield previous;
            }
        };
    }

    /**
     * Cancels a PENDING order whose reservation answer did not come in time, with reason TIMEOUT.
     *
     * @return false if the order was past PENDING already, so nothing changed
     */
    public boolean timeOut(Instant now) {
        if (status != OrderStatus.PENDING) {
            return false;
        }
        cancel(now, CancellationReason.TIMEOUT);
        return true;
    }

    private void moveTo(OrderStatus next, Instant now) {
        status = next;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String customerEmail() {
        return customerEmail;
    }

    public OrderStatus status() {
        return status;
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines);
    }

    /** Returns the total, or null while the order is not priced. */
    public BigDecimal total() {
        return total;
    }

    public String currency() {
        return currency;
    }

    /** Returns why the order was rejected, or null. */
    public String rejectionReason() {
        return rejectionReason;
    }

    /** Returns why the order was cancelled, or null if it was not. */
    public CancellationReason cancellationReason() {
        return cancellationReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * Returns the version that guards the order against lost updates, null until it is first stored. Spring Data reads
     * it to tell a new order from a stored one; without a getter it finds out through a thrown exception per save.
     */
    public Long getVersion() {
        return version;
    }
}
