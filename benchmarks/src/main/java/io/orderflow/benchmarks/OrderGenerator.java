package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the orders of a run: 1 to 5 lines over the catalogue, quantity 1 to 3, no sku twice. The order with a given
 * index is always the same for a given seed, whichever thread asks for it.
 */
public final class OrderGenerator {

    /** What is to become of an order. */
    public enum Kind {
        /** must be CONFIRMED */
        NORMAL,
        /** contains a product with stock 0: must be REJECTED, nothing reserved */
        REJECT,
        /** cancelled right after it is placed: must end CANCELLED with its stock released */
        CANCEL
    }

    /** One line of an order. */
    public record Line(String sku, int quantity) {
    }

    /** One order to place. */
    public record PlannedOrder(long index, Kind kind, List<Line> lines, boolean emailSample) {
    }

    static final int MAX_LINES = 5;
    static final int MAX_QUANTITY = 3;

    private final List<String> skus;
    private final List<String> zeroStockSkus;
    private final double rejectShare;
    private final double cancelShare;
    private final double emailSample;
    private final long seed;

    public OrderGenerator(List<String> skus, List<String> zeroStockSkus, double rejectShare, double cancelShare,
            double emailSample, long seed) {
        if (skus.isEmpty()) {
            throw new IllegalArgumentException("an empty catalogue");
        }
        if (rejectShare > 0 && zeroStockSkus.isEmpty()) {
            throw new IllegalArgumentException("rejected orders need a product with stock 0");
        }
        this.skus = List.copyOf(skus);
        this.zeroStockSkus = List.copyOf(zeroStockSkus);
        this.rejectShare = rejectShare;
        this.cancelShare = cancelShare;
        this.emailSample = emailSample;
        this.seed = seed;
    }

    /** Returns the order with this index. */
    public PlannedOrder next(long index) {
        SplittableRandom random = new SplittableRandom(mix(seed + index * 0x9E3779B97F4A7C15L));
        double kindDraw = random.nextDouble();
        Kind kind = kindDraw < rejectShare ? Kind.REJECT
                : kindDraw < rejectShare + cancelShare ? Kind.CANCEL : Kind.NORMAL;
        int lineCount = Math.min(1 + random.nextInt(MAX_LINES), skus.size() + (kind == Kind.REJECT ? 1 : 0));
        List<Line> lines = new ArrayList<>(lineCount);
        List<String> chosen = new ArrayList<>(lineCount);
        if (kind == Kind.REJECT) {
            String short_ = zeroStockSkus.get(random.nextInt(zeroStockSkus.size()));
            chosen.add(short_);
        }
        while (chosen.size() < lineCount) {
            String sku = skus.get(random.nextInt(skus.size()));
            if (!chosen.contains(sku)) {
                chosen.add(sku);
            }
        }
        // the short product is not always the first line
        if (kind == Kind.REJECT && lineCount > 1) {
            int at = random.nextInt(lineCount);
            String first = chosen.getFirst();
            chosen.set(0, chosen.get(at));
            chosen.set(at, first);
        }
        for (String sku : chosen) {
            lines.add(new Line(sku, 1 + random.nextInt(MAX_QUANTITY)));
        }
        boolean sampled = kind != Kind.CANCEL && random.nextDouble() < emailSample;
        return new PlannedOrder(index, kind, List.copyOf(lines), sampled);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The sku of the n-th (from 1) regular product of a run. */
    public static String sku(String runId, int n) {
        return "B" + runId + "-" + String.format("%04d", n);
    }

    /** The sku of the n-th (from 1) product with stock 0 of a run. */
    public static String zeroStockSku(String runId, int n) {
        return "B" + runId + "-Z" + String.format("%03d", n);
    }
}
