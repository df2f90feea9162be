package io.orderflow.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterTopicsTests {

    @Test
    void namesATopicsDeadLetterTopicWithTheSuffix() {
        assertThat(DeadLetterTopics.of("order-events")).isEqualTo("order-events.DLT")
                .endsWith(DeadLetterTopics.SUFFIX);
    }
}
