package io.orderflow.benchmarks;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.io.Connection;

/** Counts the TCP connections an HTTP client opened and closed, per port of the other end. */
final class ConnectionCounter implements Connection.Listener {

    private final Map<Integer, LongAdder> opened = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closed = new ConcurrentHashMap<>();

    @Override
    public void onOpened(Connection connection) {
        opened.computeIfAbsent(port(connection), p -> new LongAdder()).increment();
    }

    @Override
    public void onClosed(Connection connection) {
        closed.computeIfAbsent(port(connection), p -> new LongAdder()).increment();
    }

    private static int port(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /** Returns how many connections were opened to {@code port} so far. */
    long opened(int port) {
        LongAdder n = opened.get(port);
        return n == null ? 0 : n.sum();
    }

    /** Returns how many connections to {@code port} were closed so far (by either side). */
    long closed(int port) {
        LongAdder n = closed.get(port);
        return n == null ? 0 : n.sum();
    }

    /** Returns, per port, the connections opened so far. */
    Map<Integer, Long> openedByPort() {
        Map<Integer, Long> out = new TreeMap<>();
        opened.forEach((port, n) -> out.put(port, n.sum()));
        return out;
    }
}
