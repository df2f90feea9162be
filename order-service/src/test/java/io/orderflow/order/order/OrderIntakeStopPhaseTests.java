package io.orderflow.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Pins where the order intake stops among the phases of a SIGTERM, against Spring Boot's and Spring Kafka's own:
 * a higher phase stops first. Requests that the web server lets finish during its graceful shutdown still need the
 * intake's writer; once they have finished, it stops, and only then does the web server close its connections.
 */
class OrderIntakeStopPhaseTests {

    /** Spring Boot's WebServerStartStopLifecycle, which is not public: the web server stops after its drain. */
    private static final int WEB_SERVER_STOP_PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024;

    private final OrderIntake intake = mock(OrderIntake.class, CALLS_REAL_METHODS);

    @Test
    void theIntakeStopsAfterTheWebServerHasLetItsRequestsFinish() {
        assertThat(intake.getPhase()).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    @Test
    void theIntakeStopsBeforeTheWebServerClosesItsConnections() {
        assertThat(intake.getPhase()).isGreaterThan(WEB_SERVER_STOP_PHASE);
    }

    @Test
    void theListenersStopBeforeTheWebServerStopsTakingRequests() {
        assertThat(AbstractMessageListenerContainer.DEFAULT_PHASE)
                .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }
}
