package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BrokerReadingsTests {

    @Test
    void countsTwoDeadLettersOfOneSourceRecordAsOneBadRecord() {
        var byInventory = deadLetter(0, "order-events", 4, 2131);
        var byReplayGroup = deadLetter(1, "order-events", 4, 2131);
        var another = deadLetter(2, "order-events", 4, 2132);

        assertThat(BrokerReadings.originOf(byInventory)).isEqualTo(BrokerReadings.originOf(byReplayGroup))
                .isEqualTo("order-events-4@2131");
        assertThat(BrokerReadings.originOf(another)).isNotEqualTo(BrokerReadings.originOf(byInventory));
    }

    @Test
    void namesADeadLetterWithoutOriginHeadersByItsOwnPlace() {
        var bare = new ConsumerRecord<byte[], byte[]>("order-events.DLT", 2, 7, null, new byte[0]);

        assertThat(BrokerReadings.originOf(bare)).isEqualTo("order-events.DLT-2@7");
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(long offset, String topic, int partition,
            long originalOffset) {
        var record = new ConsumerRecord<byte[], byte[]>("order-events.DLT", partition, offset, null, new byte[0]);
        record.headers().add("kafka_dlt-original-topic", topic.getBytes(StandardCharsets.UTF_8))
                .add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(partition).array())
                .add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(originalOffset).array());
        return record;
    }
}
