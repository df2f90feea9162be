package io.orderflow.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar benchmarks/target/orderflow-benchmarks.jar [options]}: drives a running Orderflow, prints the
 * table, writes the JSON result and the chart; exits 1 when an invariant is broken, 2 for a bad command line, 3 when
 * there is no system to drive.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(arguments);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("orderflow-benchmarks: " + ex.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.mode() == Options.Mode.STAGES) {
            new StageCapacity(options, System.out).run();
            return;
        }
        try {
            Benchmark.Result result = new Benchmark(options, System.out).run();
            if (!result.passed()) {
                System.err.println();
                System.err.println("!!! INVARIANT CHECK FAILED !!!");
                result.violations().forEach(v -> System.err.println("!!! " + v.name() + ": " + v.detail()));
                System.exit(1);
            }
            System.exit(0);
        }
        catch (Benchmark.NoSystemException ex) {
            System.err.println("orderflow-benchmarks: " + ex.getMessage());
            System.exit(3);
        }
    }
}
