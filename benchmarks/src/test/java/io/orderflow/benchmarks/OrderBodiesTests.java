package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.orderflow.benchmarks.OrderGenerator.Line;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;

class OrderBodiesTests {

    private final List<String> skus = IntStream.rangeClosed(1, 50).mapToObj(i -> OrderGenerator.sku("R1", i)).toList();
    private final List<String> zero = List.of(OrderGenerator.zeroStockSku("R1", 1));

    @Test
    void aBodyBuiltFromPreparedBytesIsExactlyWhatJacksonWrites() {
        OrderBodies bodies = new OrderBodies("bench-R1", "bench-r1@example.com", skus);
        OrderGenerator generator = new OrderGenerator(skus, zero, 0.1, 0.1, 0.1, 42);
        for (long i = 0; i < 2_000; i++) {
            PlannedOrder plan = generator.next(i);
            assertThat(new String(bodies.body(plan.lines()), StandardCharsets.UTF_8))
                    .isEqualTo(Http.JSON.writeValueAsString(bodies.request(plan.lines())));
        }
    }

    @Test
    void skusNotPreparedAndTextThatNeedsEscapingAreEncodedAsJacksonWould() {
        OrderBodies bodies = new OrderBodies("a \"quoted\" customer", "ünïcode@example.com", List.of("A"));
        List<Line> lines = List.of(new Line("A", 1), new Line("B\\slash", 12), new Line("C\u0001", 3));
        assertThat(bodies.body(lines)).isEqualTo(Http.JSON.writeValueAsBytes(bodies.request(lines)));
    }

    @Test
    void anOrderWithoutLinesStillGivesValidJson() {
        OrderBodies bodies = new OrderBodies("c", "c@example.com", skus);
        assertThat(new String(bodies.body(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("{\"customerId\":\"c\",\"customerEmail\":\"c@example.com\",\"lines\":[]}");
    }
}
