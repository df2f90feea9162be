package io.orderflow.notification.notification;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the notification sender's settings, its clock and the ledger's metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class DeliveryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Publishes {@code orderflow.notifications{status=pending|failed}}: how many wait to be sent, and given up. */
    @Bean
    MeterBinder notificationGauges(Notifications notifications) {
        return registry -> {
            for (NotificationStatus status : List.of(NotificationStatus.PENDING, NotificationStatus.FAILED)) {
                Gauge.builder("orderflow.notifications", notifications, ledger -> ledger.countByStatus(status))
                        .tag("status", status.name().toLowerCase(Locale.ROOT))
                        .description("Notifications in the ledger by status")
                        .register(registry);
            }
        };
    }
}
