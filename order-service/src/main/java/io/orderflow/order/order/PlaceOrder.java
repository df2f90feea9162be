package io.orderflow.order.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A customer's request to place an order. */
public record PlaceOrder(String customerId, String customerEmail, List<OrderLine> lines) {

    public PlaceOrder {
        lines = List.copyOf(lines);
    }

    /** Returns a digest of the request's content, equal for equal requests, to recognise a replayed request. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder().append(customerId).append('\n').append(customerEmail);
        lines.forEach(line -> canonical.append('\n').append(line.sku()).append('=').append(line.quantity()));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every JVM has SHA-256", ex);
        }
    }
}
