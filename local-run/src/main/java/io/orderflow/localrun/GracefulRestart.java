package io.orderflow.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts every service instance in turn with SIGTERM under load, as a rolling deployment does: with two instances of
 * each service, an order-service instance leaves the load's rotation (as a load balancer takes out an instance that
 * is about to stop) and gets its SIGTERM at once, with requests still in flight on it; it comes back into the rotation
 * once it is healthy again, with a slow start, and the next instance stops only after it has served for
 * {@link #MIN_READY} (a Deployment's {@code minReadySeconds}), so that no instance takes the whole load cold. Every
 * request must be answered: a 201, or a 503 with Retry-After, never a failed request
 * ({@link FailedRequests}); and each instance must stop within its grace period by itself.
 */
final class GracefulRestart {

    static final String FAULT = "graceful-restart";
    /** How long a restarted instance serves before the next one stops; also its slow start in the load's rotation. */
    static final Duration MIN_READY = Duration.ofSeconds(30);

    private final LocalSystem system;
    private final List<ServiceInstance> seconds;
    private final List<String> problems = new ArrayList<>();

    /** @param seconds a second instance of each service, which {@link #addSecondInstances} starts */
    GracefulRestart(LocalSystem system, List<ServiceInstance> seconds) {
        this.system = system;
        this.seconds = List.copyOf(seconds);
    }

    /** Starts the second instance of every service, before the load. */
    void addSecondInstances() throws Exception {
        for (ServiceInstance second : seconds) {
            system.startInstance(second, List.of());
        }
    }

    /** Returns the base URLs of the order-service instances. */
    List<String> orderUrls() {
        return system.instances().stream().filter(GracefulRestart::servesOrders).map(ServiceInstance::baseUrl)
                .toList();
    }

    /**
     * Restarts each instance of each service in turn, then stops the second instances for good, all under
     * {@code load}; returns what it did.
     */
    String run(FaultLoad load) throws Exception {
        List<Duration> stops = new ArrayList<>();
        int restarts = 0;
        for (String service : ServiceInstance.DEFAULT_PORTS.keySet()) {
            for (ServiceInstance instance : system.instances()) {
                if (instance.service().equals(service)) {
                    stops.add(stop(instance, load));
                    system.startInstance(instance, List.of());
                    load.restore(instance.baseUrl(), MIN_READY);
                    Thread.sleep(MIN_READY);
                    restarts++;
                }
            }
        }
        for (ServiceInstance second : seconds) {
            stops.add(stop(second, load));
            system.removeInstance(second);
        }
        Duration longest = stops.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        return "SIGTERM of each of " + restarts + " instances in turn (2 per service), each restarted and serving for "
                + MIN_READY.toSeconds() + " s before the next, then the second ones stopped; the longest stop took "
                + String.format("%.1f s", longest.toMillis() / 1000.0);
    }

    /** Returns what went wrong besides failed requests: instances that had to be killed after their grace period. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private Duration stop(ServiceInstance instance, FaultLoad load) {
        load.withdraw(instance.baseUrl());
        long started = System.nanoTime();
        if (!system.stopInstance(instance.name())) {
            problems.add(instance.name() + " did not stop within its grace period after SIGTERM and was killed");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static boolean servesOrders(ServiceInstance instance) {
        return instance.service().equals("order-service");
    }
}
