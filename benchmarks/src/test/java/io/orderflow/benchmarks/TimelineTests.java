package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineTests {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void momentsFallInTheirSecondAndLateOnesInTheLast() {
        Timeline timeline = new Timeline(1000 * S, 10);
        assertThat(timeline.bucket(999 * S)).isEqualTo(-1);
        assertThat(timeline.bucket(1000 * S)).isZero();
        assertThat(timeline.bucket(1000 * S + S - 1)).isZero();
        assertThat(timeline.bucket(1001 * S)).isEqualTo(1);
        assertThat(timeline.bucket(5000 * S)).isEqualTo(9);
    }

    @Test
    void countsAndLatenciesPerSecond() {
        long start = 50 * S;
        Timeline timeline = new Timeline(start, 60);
        for (int i = 0; i < 100; i++) {
            long intended = start + i * 10 * MS; // 100 orders in second 0
            timeline.sent(intended);
            timeline.accepted(intended, intended + (i + 1) * MS); // 1..100 ms
            timeline.finished(intended, intended + 1500 * MS, true); // final in second 1 or 2
        }
        timeline.sent(start + 2 * S);
        timeline.error(start + 2 * S + 5 * MS);
        timeline.sent(start - S); // warm-up: not counted
        List<Timeline.Second> seconds = timeline.seconds();
        assertThat(seconds).hasSize(3);
        Timeline.Second first = seconds.getFirst();
        assertThat(first.sent()).isEqualTo(100);
        // counted in the second they were answered in; their latency in the second they were due in
        assertThat(first.accepted()).isEqualTo(91);
        assertThat(seconds.get(1).accepted()).isEqualTo(9);
        assertThat(first.acceptP50()).isBetween(49.0, 51.0);
        assertThat(first.acceptP99()).isBetween(98.0, 100.0);
        assertThat(first.finalP50()).isBetween(1490.0, 1510.0);
        assertThat(seconds.get(1).finals() + seconds.get(2).finals()).isEqualTo(100);
        assertThat(seconds.get(2).errors()).isEqualTo(1);
        assertThat(seconds.get(2).acceptP50()).isEqualTo(-1);
    }

    @Test
    void overallPercentiles() {
        Latency latency = new Latency("x");
        for (int i = 1; i <= 1000; i++) {
            latency.recordNanos(i * MS);
        }
        Latency.Summary s = latency.summary();
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isBetween(499.0, 501.0);
        assertThat(s.p99()).isBetween(989.0, 991.0);
        assertThat(s.max()).isBetween(999.0, 1001.0);
        assertThat(new Latency("empty").summary().p99()).isEqualTo(-1);
    }

    @Test
    void chartScalesToNiceNumbersAndDrawsEverySeries() {
        assertThat(Chart.niceCeiling(0)).isEqualTo(1);
        assertThat(Chart.niceCeiling(7)).isEqualTo(10);
        assertThat(Chart.niceCeiling(180)).isEqualTo(200);
        assertThat(Chart.niceCeiling(450)).isEqualTo(500);
        List<Timeline.Second> seconds = List.of(new Timeline.Second(0, 10, 10, 0, 8, 3, 9, 40, 90),
                new Timeline.Second(1, 10, 10, 0, 12, 3, 9, -1, -1));
        String svg = Chart.svg(seconds, "ms", List.of(Chart.series("a", "#000", seconds, Timeline.Second::finals),
                Chart.series("b", "#111", seconds, Timeline.Second::finalP99)));
        assertThat(svg).startsWith("<svg").contains("<polyline").contains("<circle").doesNotContain("http://www.w3.org/1999/xlink");
        assertThat(svg).doesNotContain("src=").doesNotContain("href=");
    }
}
