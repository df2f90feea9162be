package io.orderflow.order.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.orderflow.order.order.OrderIntake;

/** Puts the {@link PlacementAdmission} in front of the web server's handler. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    JettyServerCustomizer placementAdmission(@Value("${orderflow.orders.intake.max-in-progress}") int limit,
            MeterRegistry meters) {
        Counter refused = OrderIntake.shedCounter(meters, "admission");
        return server -> server.setHandler(new PlacementAdmission(server.getHandler(), limit, refused));
    }
}
