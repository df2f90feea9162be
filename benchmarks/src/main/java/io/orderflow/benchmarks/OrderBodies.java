package io.orderflow.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.benchmarks.OrderGenerator.Line;

/**
 * Builds the JSON bodies of POST /api/orders from pieces encoded once per run: the customer part, and for each sku
 * the start of its line. An order's body is then a few array copies, byte for byte what Jackson writes for
 * {@link OrderRequest}.
 */
final class OrderBodies {

    /** Holds the body of POST /api/orders. */
    record OrderRequest(String customerId, String customerEmail, List<Line> lines) {
    }

    private static final byte[] QUANTITY = ascii(",\"quantity\":");
    private static final byte[] END = ascii("]}");

    private final String customerId;
    private final String customerEmail;
    private final byte[] head;
    private final Map<String, byte[]> lineStarts = new HashMap<>();

    /** Prepares the bodies of orders of {@code customerId} over {@code skus}; other skus are encoded when met. */
    OrderBodies(String customerId, String customerEmail, Collection<String> skus) {
        this.customerId = customerId;
        this.customerEmail = customerEmail;
        this.head = concat(ascii("{\"customerId\":"), quoted(customerId), ascii(",\"customerEmail\":"),
                quoted(customerEmail), ascii(",\"lines\":["));
        for (String sku : skus) {
            lineStarts.put(sku, lineStart(sku));
        }
    }

    /** Returns the body of an order of these lines. */
    byte[] body(List<Line> lines) {
        byte[][] starts = new byte[lines.size()][];
        byte[][] quantities = new byte[lines.size()][];
        int length = head.length + END.length + Math.max(0, lines.size() - 1);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            byte[] start = lineStarts.get(line.sku());
            starts[i] = start != null ? start : lineStart(line.sku());
            quantities[i] = ascii(Integer.toString(line.quantity()));
            length += starts[i].length + quantities[i].length + 1;
        }
        byte[] out = new byte[length];
        int at = put(out, 0, head);
        for (int i = 0; i < starts.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, starts[i]);
            at = put(out, at, quantities[i]);
            out[at++] = '}';
        }
        put(out, at, END);
        return out;
    }

    /** Returns the request {@link #body} encodes, for whoever serializes it another way. */
    OrderRequest request(List<Line> lines) {
        return new OrderRequest(customerId, customerEmail, lines);
    }

    private static byte[] lineStart(String sku) {
        return concat(ascii("{\"sku\":"), quoted(sku), QUANTITY);
    }

    private static byte[] quoted(String text) {
        return Http.JSON.writeValueAsBytes(text);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            at = put(out, at, part);
        }
        return out;
    }

    private static int put(byte[] into, int at, byte[] part) {
        System.arraycopy(part, 0, into, at, part.length);
        return at + part.length;
    }
}
