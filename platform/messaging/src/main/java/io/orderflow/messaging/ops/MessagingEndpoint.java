package io.orderflow.messaging.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.orderflow.messaging.outbox.OutboxRelay;

/**
 * Pauses and resumes a service's event flow, for operators and for the benchmark's stage-capacity mode:
 * {@code GET /actuator/messaging} shows it, {@code POST /actuator/messaging/{part}/pause} and {@code .../resume} change
 * it, where the part is {@code consumers} (every listener container), {@code relay} (the outbox relay) or {@code all}.
 * A paused consumer keeps its partitions and polls nothing; a paused relay leaves the events in the outbox.
 * {@code POST /actuator/messaging/parked/retry} sends the outbox events that Kafka refused and that were parked again.
 */
@Endpoint(id = "messaging")
public final class MessagingEndpoint {

    private final KafkaListenerEndpointRegistry listeners;
    private final OutboxRelay relay;

    /**
     * @param relay the service's outbox relay, or null if it publishes nothing
     */
    public MessagingEndpoint(KafkaListenerEndpointRegistry listeners, OutboxRelay relay) {
        this.listeners = listeners;
        this.relay = relay;
    }

    /** Returns whether each listener container runs, is paused or has stopped, and whether the relay runs. */
    @ReadOperation
    public Map<String, Object> state() {
        Map<String, Object> consumers = new LinkedHashMap<>();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            consumers.put(container.getListenerId(), !container.isRunning() || !container.isInExpectedState()
                    ? "stopped" : container.isPauseRequested() ? "paused" : "running");
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("consumers", consumers);
        state.put("relay", relay == null ? "none" : relay.isPaused() ? "paused" : "running");
        if (relay != null) {
            state.put("parked", relay.parkedCount());
        }
        return state;
    }

    /** Pauses or resumes a part: {@code consumers}, {@code relay} or {@code all}; the action is pause or resume. */
    @WriteOperation
    public Map<String, Object> change(@Selector String part, @Selector String action) {
        if (part.equals("parked")) {
            if (!action.equals("retry") || relay == null) {
                throw new IllegalArgumentException("parked events can only be retried, by a service with an outbox");
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("retried", relay.retryParked());
            state.putAll(state());
            return state;
        }
        boolean pause = switch (action) {
            case "pause" -> true;
            case "resume" -> false;
            default -> throw new IllegalArgumentException("action must be pause or resume, was " + action);
        };
        if (!part.equals("consumers") && !part.equals("relay") && !part.equals("all")) {
            throw new IllegalArgumentException("part must be consumers, relay or all, was " + part);
        }
        if (!part.equals("relay")) {
            listeners.getListenerContainers().forEach(container -> {
                if (pause) {
                    container.pause();
                }
                else {
                    container.resume();
                }
            });
        }
        if (!part.equals("consumers") && relay != null) {
            if (pause) {
                relay.pause();
            }
            else {
                relay.resume();
            }
        }
        return state();
    }
}
