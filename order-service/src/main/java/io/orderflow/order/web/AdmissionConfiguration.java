package io.orderflow.order.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the {@link PlacementAdmission} in front of the web server's handler. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    JettyServerCustomizer placementAdmission(@Value("${orderflow.orders.intake.max-in-progress}") int limit) {
        return server -> server.setHandler(new PlacementAdmission(server.getHandler(), limit));
    }
}
