package io.orderflow.order.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A request waiting for the intake's writer, with the requests of the same key that arrived in the same group. */
final class IntakeSubmission {

    final PlaceOrder request;
    final String key;
    final UUID orderId;
    final Instant placedAt;
    final CompletableFuture<Placement> outcome = new CompletableFuture<>();
    final List<IntakeSubmission> followers = new ArrayList<>(0);
    private String fingerprint;

    IntakeSubmission(PlaceOrder request, String key, UUID orderId, Instant placedAt) {
        this.request = request;
        this.key = key;
        this.orderId = orderId;
        this.placedAt = placedAt;
    }

    String fingerprint() {
        if (fingerprint == null) {
            fingerprint = request.fingerprint();
        }
        return fingerprint;
    }

    void succeed(Placement placement) {
        outcome.complete(placement);
        followers.forEach(follower -> follower.outcome.complete(placement));
    }

    void fail(RuntimeException failure) {
        outcome.completeExceptionally(failure);
        followers.forEach(follower -> follower.outcome.completeExceptionally(failure));
    }
}
