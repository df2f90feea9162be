package io.orderflow.localrun;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks, before anything starts, that every port the local run needs is free on loopback. */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Throws a {@link StartupFailure} naming the ports that are taken, if any. */
    static void requireFree(LocalSettings settings, List<ServiceInstance> instances, KafkaLayout layout) {
        Set<Integer> ports = new LinkedHashSet<>();
        instances.forEach(instance -> ports.add(instance.port()));
        for (KafkaLayout.Node node : layout.nodes()) {
            ports.add(node.port());
            ports.add(node.controllerPort());
        }
        ports.add(settings.smtpPort());
        ports.add(settings.mailPagePort());
        if (settings.externalDatabaseUrlPrefix() == null) {
            ports.add(settings.postgresPort());
        }
        List<Integer> busy = ports.stream().filter(port -> !isFree(port)).toList();
        if (!busy.isEmpty()) {
            throw new StartupFailure("Port(s) " + busy + " already in use. Is Orderflow (or docker compose) already "
                    + "running? Stop it, or move ports with ORDERFLOW_<NAME>_PORT (see local-run/README.md)", null);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LocalSettings.LOOPBACK, port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
