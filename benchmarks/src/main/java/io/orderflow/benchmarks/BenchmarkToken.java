package io.orderflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.orderflow.devissuer.DevIssuer;

/**
 * Signs the benchmark's own access token with the development issuer of the local run it measures, which lives in
 * the run's state folder beside its logs. The benchmark is a storefront that places orders for many customers, and
 * reads the catalogue, the notifications and the metrics as an operator does.
 */
final class BenchmarkToken {

    private static final List<String> SCOPES = List.of("orders:read", "orders:write", "inventory:admin",
            "ops:admin");

    private BenchmarkToken() {
    }

    /** Returns a token for a run of {@code options}, valid for a day. */
    static String of(Options options) {
        Path folder = options.logsDir().toAbsolutePath().getParent().resolve("dev-issuer");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("No development issuer in " + folder
                    + ": start Orderflow with ./orderflow run first, with the same ORDERFLOW_HOME");
        }
        return DevIssuer.loadOrCreate(folder).clientToken("benchmark", SCOPES, Duration.ofDays(1));
    }
}
