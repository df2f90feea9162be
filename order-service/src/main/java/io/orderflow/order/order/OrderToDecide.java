package io.orderflow.order.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A stored order as inventory's answer to its reservation finds it, read and locked with many others by
 * {@link OrderBatchWrites#lockToDecide}: its status and lines are all that decides whether the answer confirms it,
 * rejects it or leaves it as it is.
 *
 * @param placedAt when the order was placed
 * @param lines the order's lines in their stored order
 */
public record OrderToDecide(UUID id, String customerId, String customerEmail, OrderStatus status, Instant placedAt,
        List<Line> lines) {

    public OrderToDecide {
        Objects.requireNonNull(id, "id");
        lines = List.copyOf(lines);
    }

    /**
     * Applies inventory's answer: a PENDING order is confirmed with the answer's unit prices, one per sku of the
     * order, or rejected with its reason.
     *
     * @return what the order became, or empty if it was past PENDING already (a cancel won the race, or a duplicate)
     * @throws IllegalArgumentException if a confirmation's prices do not cover exactly this order's skus
     */
    public Optional<DecidedOrder> decide(ReservationAnswer answer, Instant now) {
        if (!answer.orderId().equals(id)) {
            throw new IllegalArgumentException("An answer about order " + answer.orderId() + " is not about " + id);
        }
        if (status != OrderStatus.PENDING) {
            return Optional.empty();
        }
        return Optional.of(switch (answer) {
            case ReservationAnswer.Reserved reserved -> confirm(reserved.unitPrices(), now);
            case ReservationAnswer.Refused refused -> new DecidedOrder(id, customerId, customerEmail,
                    OrderStatus.REJECTED, lines.stream().map(line -> line.priced(null)).toList(), null,
                    refused.reason(), now);
        });
    }

    private DecidedOrder confirm(Map<String, BigDecimal> unitPrices, Instant now) {
        Set<String> skus = new HashSet<>();
        lines.forEach(line -> skus.add(line.sku()));
        if (!unitPrices.keySet().equals(skus)) {
            throw new IllegalArgumentException("Prices for " + unitPrices.keySet() + " do not match the order's skus "
                    + skus);
        }
        List<DecidedOrder.Line> priced = new ArrayList<>(lines.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (Line line : lines) {
            DecidedOrder.Line pricedLine = line.priced(unitPrices.get(line.sku()));
            priced.add(pricedLine);
            sum = sum.add(pricedLine.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
        }
        return new DecidedOrder(id, customerId, customerEmail, OrderStatus.CONFIRMED, priced,
                sum.setScale(2, RoundingMode.HALF_EVEN), null, now);
    }

    /** One sku of the order and its quantity. */
    public record Line(String sku, int quantity) {

        DecidedOrder.Line priced(BigDecimal unitPrice) {
            return new DecidedOrder.Line(sku, quantity, unitPrice);
        }
    }
}
