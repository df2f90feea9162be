package io.orderflow.inventory.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.orderflow.inventory.reservation.OrderLine;

/**
 * The part of {@code io.orderflow.OrderPlaced} this service reads. Refuses bodies that break the contract, so that
 * they are dead-lettered instead of half processed.
 */
record OrderPlaced(UUID orderId, List<Line> lines) {

    OrderPlaced {
        Objects.requireNonNull(orderId, "orderId");
        if (lines == null || lines.isEmpty() || lines.size() > 100) {
            throw new IllegalArgumentException("lines must hold 1 to 100 lines");
        }
        Set<String> skus = new HashSet<>();
        for (Line line : lines) {
            if (!skus.add(line.sku())) {
                throw new IllegalArgumentException("sku " + line.sku() + " appears in more than one line");
            }
        }
        lines = List.copyOf(lines);
    }

    List<OrderLine> orderLines() {
        return lines.stream().map(line -> new OrderLine(line.sku(), line.quantity())).toList();
    }

    record Line(String sku, int quantity) {

        Line {
            if (sku == null || !sku.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("sku must be 1 to 64 of [A-Za-z0-9._-], was " + sku);
            }
            if (quantity < 1 || quantity > 1000) {
                throw new IllegalArgumentException("quantity must be 1 to 1000, was " + quantity);
            }
        }
    }
}
