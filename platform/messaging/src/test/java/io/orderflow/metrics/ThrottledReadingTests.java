package io.orderflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ThrottledReadingTests {

    @Test
    void readsTheValueOncePerIntervalHoweverOftenItIsAskedFor() {
        AtomicInteger reads = new AtomicInteger();
        ThrottledReading reading = new ThrottledReading(reads::incrementAndGet, Duration.ofHours(1));

        assertThat(reading.value()).isEqualTo(1.0);
        assertThat(reading.value()).isEqualTo(1.0);
        assertThat(reads).hasValue(1);
    }

    @Test
    void readsAgainOnceTheIntervalHasPassed() {
        AtomicInteger reads = new AtomicInteger();
        ThrottledReading reading = new ThrottledReading(reads::incrementAndGet, Duration.ZERO);

        reading.value();

        assertThat(reading.value()).isEqualTo(2.0);
    }

    @Test
    void answersNoValueWhileTheSourceFails() {
        ThrottledReading reading = new ThrottledReading(() -> {
            throw new IllegalStateException("database away");
        }, Duration.ZERO);

        assertThat(reading.value()).isNaN();
    }
}
