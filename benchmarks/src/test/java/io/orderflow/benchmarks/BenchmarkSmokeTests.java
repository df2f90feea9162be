package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the smoke benchmark (5 s at 20 orders/s, every invariant checked) in-process against a running Orderflow on
 * localhost:8081 (order-service), 8082, 8083 and Kafka on 9092 (the ports can be changed as for the benchmark's own
 * defaults). Skipped when nothing listens on the order-service's port: starting a system is up to whoever runs this.
 */
class BenchmarkSmokeTests {

    @Test
    void smokeRunHoldsEveryInvariant() throws Exception {
        Options options = Options.smokeDefaults();
        Assumptions.assumeTrue(listening(options.orderUrl().getHost(), options.orderUrl().getPort()),
                "No Orderflow running at " + options.orderUrl() + ": start one (./orderflow run) to run the smoke "
                        + "benchmark");
        Benchmark.Result result = new Benchmark(options, System.out).run();
        assertThat(result.violations()).as("invariant violations").isEmpty();
        assertThat(Files.isRegularFile(result.json())).isTrue();
        assertThat(Files.readString(result.html())).contains("<svg");
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
