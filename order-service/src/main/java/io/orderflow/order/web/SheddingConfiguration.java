package io.orderflow.order.web;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Registers the {@link PlacementSheddingFilter}, reading the queue of Tomcat's request threads. */
@Configuration(proxyBeanMethods = false)
class SheddingConfiguration {

    private final AtomicReference<Connector> connector = new AtomicReference<>();

    @Bean
    TomcatConnectorCustomizer rememberConnector() {
        return connector::set;
    }

    @Bean
    FilterRegistrationBean<PlacementSheddingFilter> placementSheddingFilter(
            @Value("${orderflow.orders.intake.max-waiting-requests:64}") int limit, JsonMapper json) {
        FilterRegistrationBean<PlacementSheddingFilter> registration = new FilterRegistrationBean<>(
                new PlacementSheddingFilter(this::waitingRequests, limit, json));
        registration.addUrlPatterns("/api/orders");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private int waitingRequests() {
        Connector current = connector.get();
        Executor executor = current == null ? null : current.getProtocolHandler().getExecutor();
        return executor instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }
}
