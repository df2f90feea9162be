package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class EventTrailTests {

    @Test
    void hashesTheKeysUtf8BytesWithMurmur2AsKafkasDefaultPartitionerDoes() {
        // murmur2 values of Kafka's own test of Utils.murmur2
        assertThat(Utils.murmur2("21".getBytes(StandardCharsets.UTF_8))).isEqualTo(-973932308);
        assertThat(Utils.murmur2("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(-790332482);

        assertThat(EventTrail.partitionFor("21", 6)).isEqualTo((-973932308 & 0x7fffffff) % 6);
        assertThat(EventTrail.partitionFor("foobar", 6)).isEqualTo((-790332482 & 0x7fffffff) % 6);
    }

    @Test
    void masksTheSignBitOfANegativeHashInsteadOfTakingItsAbsoluteValue() {
        // -790332482 & 0x7fffffff = 1357151166, which is 0 mod 6; Math.abs would give 790332482, 2 mod 6
        assertThat(EventTrail.partitionFor("foobar", 6)).isEqualTo(0);
        assertThat(Math.abs(-790332482) % 6).isEqualTo(2);
    }

    @Test
    void readsTheTraceIdOfAW3cTraceparentAndNothingOfAMalformedOne() {
        assertThat(JourneyCommand.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(JourneyCommand.traceId("garbage")).isNull();
    }
}
