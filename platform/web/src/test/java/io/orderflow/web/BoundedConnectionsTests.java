package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** Applies the web plumbing's Jetty customizer to a Jetty server of its own. */
class BoundedConnectionsTests {

    @Test
    void limitsTheOpenConnectionsToTheConfiguredNumber() {
        Server server = customizedServer(1000);

        assertThat(server.getBean(NetworkConnectionLimit.class).getMaxNetworkConnectionCount()).isEqualTo(1000);
    }

    @Test
    void givesNoConnectionAHeaderCache() {
        Server server = customizedServer(1000);

        HttpConnectionFactory http = server.getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class);
        assertThat(http.getHttpConfiguration().getHeaderCacheSize()).isZero();
    }

    private static Server customizedServer(int maxConnections) {
        Server server = new Server();
        server.addConnector(new ServerConnector(server));
        new WebAutoConfiguration().boundedConnections(maxConnections).customize(server);
        return server;
    }
}
