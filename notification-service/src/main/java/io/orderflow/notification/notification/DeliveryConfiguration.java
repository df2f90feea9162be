package io.orderflow.notification.notification;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.orderflow.metrics.ThrottledReading;

/** Wires the notification sender's settings, its clock and the ledger's metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class DeliveryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Publishes {@code orderflow.notifications{status=pending|failed}}, how many wait to be sent and how many were
     * given up, and {@code orderflow.notifications.pending.oldest.age}, how long the oldest waiting one has waited.
     * Each is a query, read at most every few seconds however often the metrics are scraped.
     */
    @Bean
    MeterBinder notificationGauges(Notifications notifications) {
        return registry -> {
            for (NotificationStatus status : List.of(NotificationStatus.PENDING, NotificationStatus.FAILED)) {
                Gauge.builder("orderflow.notifications", ThrottledReading.of(() -> notifications.countByStatus(status)),
                                ThrottledReading::value)
                        .strongReference(true)
                        .tag("status", status.name().toLowerCase(Locale.ROOT))
                        .description("Notifications in the ledger by status")
                        .register(registry);
            }
            Gauge.builder("orderflow.notifications.pending.oldest.age",
                            ThrottledReading.of(() -> Math.max(0, notifications.oldestPendingAgeSeconds())),
                            ThrottledReading::value)
                    .strongReference(true)
                    .description("How long the oldest notification not yet sent has waited")
                    .baseUnit("seconds")
                    .register(registry);
        };
    }
}
