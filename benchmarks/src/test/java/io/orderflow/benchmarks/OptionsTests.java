package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTests {

    @Test
    void parsesTheDocumentedCommand() {
        Options o = Options.parse(List.of("--mode", "open", "--rate", "500", "--duration", "60s", "--skus=300"));
        assertThat(o.mode()).isEqualTo(Options.Mode.OPEN);
        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.skus()).isEqualTo(300);
        assertThat(Options.parse(List.of("--mode", "closed", "--clients", "8")).clients()).isEqualTo(8);
    }

    @Test
    void smokeIsFiveSecondsAtTwentyOrdersASecond() {
        Options o = Options.parse(List.of("--smoke"));
        assertThat(o.smoke()).isTrue();
        assertThat(o.rate()).isEqualTo(20);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.emailSample()).isEqualTo(1.0);
        // options after --smoke still apply
        assertThat(Options.parse(List.of("--smoke", "--order-url", "http://localhost:9081/")).orderUrl())
                .hasToString("http://localhost:9081");
    }

    @Test
    void theConnectionsPerServiceAreBoundedAndCanBeChanged() {
        assertThat(Options.parse(List.of()).connections()).isEqualTo(256);
        assertThat(Options.parse(List.of("--connections", "512")).connections()).isEqualTo(512);
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--connections", "0")));
    }

    @Test
    void durations() {
        assertThat(Options.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Options.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Options.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--rate", "-1")));
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--reject-share", "0.7",
                "--cancel-share", "0.5")));
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--bogus", "1")));
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--mode", "sideways")));
    }

    @Test
    void startupLinesOfSpringBoot() {
        assertThat(ServiceProcesses.startupLine("... Started OrderServiceApplication in 7.412 seconds (process running "
                + "for 8.1)")).hasValueSatisfying(v -> assertThat(v).containsExactly(7.412, 8.1));
        assertThat(ServiceProcesses.startupLine("Started X in 3.5 seconds")).hasValueSatisfying(
                v -> assertThat(v).containsExactly(3.5, -1));
        assertThat(ServiceProcesses.startupLine("nothing")).isEmpty();
    }
}
