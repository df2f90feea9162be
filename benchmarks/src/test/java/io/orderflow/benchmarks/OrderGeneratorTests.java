package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.Line;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;

class OrderGeneratorTests {

    private final List<String> skus = IntStream.rangeClosed(1, 50).mapToObj(i -> OrderGenerator.sku("R1", i)).toList();
    private final List<String> zero = List.of(OrderGenerator.zeroStockSku("R1", 1), OrderGenerator.zeroStockSku("R1", 2));

    @Test
    void ordersHaveOneToFiveDistinctLinesOfQuantityOneToThreeOverTheCatalogue() {
        OrderGenerator generator = new OrderGenerator(skus, zero, 0.05, 0.02, 0.05, 42);
        for (long i = 0; i < 10_000; i++) {
            PlannedOrder order = generator.next(i);
            assertThat(order.lines()).hasSizeBetween(1, 5);
            assertThat(new HashSet<>(order.lines().stream().map(Line::sku).toList())).hasSameSizeAs(order.lines());
            for (Line line : order.lines()) {
                assertThat(line.quantity()).isBetween(1, 3);
                assertThat(line.sku()).matches("[A-Za-z0-9._-]{1,64}");
            }
            long short_ = order.lines().stream().filter(l -> zero.contains(l.sku())).count();
            assertThat(short_).isEqualTo(order.kind() == Kind.REJECT ? 1 : 0);
            if (order.kind() == Kind.CANCEL) {
                assertThat(order.emailSample()).isFalse();
            }
        }
    }

    @Test
    void sharesOfRejectedAndCancelledOrdersAreAsAsked() {
        OrderGenerator generator = new OrderGenerator(skus, zero, 0.05, 0.02, 0.10, 7);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        int sampled = 0;
        int n = 100_000;
        for (long i = 0; i < n; i++) {
            PlannedOrder order = generator.next(i);
            counts.merge(order.kind(), 1, Integer::sum);
            sampled += order.emailSample() ? 1 : 0;
        }
        assertThat(counts.get(Kind.REJECT) / (double) n).isCloseTo(0.05, within(0.005));
        assertThat(counts.get(Kind.CANCEL) / (double) n).isCloseTo(0.02, within(0.003));
        assertThat(sampled / (double) n).isCloseTo(0.10 * 0.98, within(0.01));
    }

    @Test
    void theSameIndexAndSeedGiveTheSameOrder() {
        OrderGenerator a = new OrderGenerator(skus, zero, 0.1, 0.1, 0.1, 99);
        OrderGenerator b = new OrderGenerator(skus, zero, 0.1, 0.1, 0.1, 99);
        for (long i = 0; i < 100; i++) {
            assertThat(a.next(i)).isEqualTo(b.next(i));
        }
        assertThat(new OrderGenerator(skus, zero, 0.1, 0.1, 0.1, 100).next(5)).isNotEqualTo(a.next(5));
    }

    @Test
    void aCatalogueSmallerThanFiveStillGivesDistinctLines() {
        OrderGenerator generator = new OrderGenerator(skus.subList(0, 2), zero, 0.5, 0, 0, 1);
        for (long i = 0; i < 1000; i++) {
            PlannedOrder order = generator.next(i);
            assertThat(order.lines().size()).isLessThanOrEqualTo(order.kind() == Kind.REJECT ? 3 : 2);
            assertThat(new HashSet<>(order.lines().stream().map(Line::sku).toList())).hasSameSizeAs(order.lines());
        }
    }

    @Test
    void skusCarryTheRunPrefix() {
        assertThat(OrderGenerator.sku("0521143012K7", 1)).isEqualTo("B0521143012K7-0001");
        assertThat(OrderGenerator.zeroStockSku("0521143012K7", 3)).isEqualTo("B0521143012K7-Z003");
    }
}
