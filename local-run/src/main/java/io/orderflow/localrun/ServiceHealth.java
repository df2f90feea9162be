package io.orderflow.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.orderflow.harness.ChildProcess;
import io.orderflow.harness.JsonClient;

/** Waits until service instances answer {@code /actuator/health} with UP, and says when each one does. */
final class ServiceHealth {

    private final JsonClient client = new JsonClient(null, Duration.ofSeconds(1), Duration.ofSeconds(2));
    private final Duration timeout;
    private final long launchedAtMillis;

    ServiceHealth(Duration timeout, long launchedAtMillis) {
        this.timeout = timeout;
        this.launchedAtMillis = launchedAtMillis;
    }

    /**
     * Waits for every instance of {@code starting}; throws a {@link StartupFailure} naming the process whose log
     * explains it when one exits or is not healthy within the timeout.
     */
    void await(List<ServiceInstance> starting, Function<ServiceInstance, ChildProcess> processOf)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceInstance> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            for (ServiceInstance instance : List.copyOf(waiting)) {
                ChildProcess process = processOf.apply(instance);
                if (!process.isAlive()) {
                    throw new StartupFailure(instance.name() + " exited with code " + process.exitCode()
                            + " while starting", process);
                }
                if (client.isUp("http://" + LocalSettings.LOOPBACK + ":" + instance.port())) {
                    waiting.remove(instance);
                    System.out.printf("  %-24s UP  (%.1f s)%n", instance.name(),
                            (System.currentTimeMillis() - launchedAtMillis) / 1000.0);
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                ServiceInstance late = waiting.getFirst();
                throw new StartupFailure(late.name() + " was not healthy within " + timeout.toSeconds()
                        + " s (ORDERFLOW_HEALTH_TIMEOUT_SECONDS)", processOf.apply(late));
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
    }
}
