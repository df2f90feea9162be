package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

class FaultOptionsTests {

    @Test
    void byDefaultEveryFaultOfOneBrokerRunsWithOneBroker() {
        FaultOptions options = FaultOptions.parse(List.of());

        assertThat(options.brokers()).isEqualTo(1);
        assertThat(options.faults()).contains("kill-order-service", "broker-kill", GracefulRestart.FAULT)
                .doesNotContainAnyElementsOf(BrokerFaults.FAULTS);
    }

    @Test
    void askingForAFaultOfThreeBrokersRunsThreeBrokers() {
        FaultOptions options = FaultOptions.parse(List.of("--faults",
                "broker-leader-kill,broker-rolling-restart,graceful-restart", "--rounds", "3"));

        assertThat(options.brokers()).isEqualTo(3);
        assertThat(options.faults()).containsExactly("broker-leader-kill", "broker-rolling-restart",
                GracefulRestart.FAULT);
        assertThat(options.rounds()).isEqualTo(3);
    }

    @Test
    void threeBrokersWithoutNamedFaultsRunEveryFault() {
        FaultOptions options = FaultOptions.parse(List.of("--brokers", "3"));

        assertThat(options.faults()).isEqualTo(FaultOptions.FAULTS);
    }

    @Test
    void aFaultOfThreeBrokersIsRefusedWithOneBroker() {
        assertThatExceptionOfType(LocalRun.UsageError.class)
                .isThrownBy(() -> FaultOptions.parse(List.of("--faults", "broker-leader-kill", "--brokers", "1")))
                .withMessageContaining("--brokers 3");
    }

    @Test
    void theLoadOfTheLongFaultsRunsUntilTheyAreOver() {
        assertThat(FaultOptions.loadsUntilDone(GracefulRestart.FAULT)).isTrue();
        assertThat(FaultOptions.loadsUntilDone("broker-rolling-restart")).isTrue();
        assertThat(FaultOptions.loadsUntilDone("broker-kill")).isFalse();
    }
}
