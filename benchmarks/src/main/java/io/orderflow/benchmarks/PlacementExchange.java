package io.orderflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;
import io.orderflow.benchmarks.Tracker.TrackedOrder;

/**
 * Follows one order through POST /api/orders and, for an order planned to be cancelled, POST /api/orders/{id}/cancel,
 * in the HTTP client's callbacks: no thread waits for an answer. Runs {@code done} once, when the order needs nothing
 * more from the load.
 */
final class PlacementExchange implements Request.BeginListener, Response.Listener {

    private final LoadDriver driver;
    private final long index;
    private final PlannedOrder plan;
    private final byte[] body;
    private final long intendedNanos;
    private final boolean measured;
    private final Runnable done;
    private volatile long sentNanos;
    /** the answer's body, kept only when the answer has no Location to take the order's id from */
    private ByteArrayOutputStream content;

    PlacementExchange(LoadDriver driver, long index, PlannedOrder plan, byte[] body, long intendedNanos,
            boolean measured, Runnable done) {
        this.driver = driver;
        this.index = index;
        this.plan = plan;
        this.body = body;
        this.intendedNanos = intendedNanos;
        this.measured = measured;
        this.done = done;
    }

    @Override
    public void onBegin(Request request) {
        long now = System.nanoTime();
        sentNanos = now;
        driver.counters.left(now - intendedNanos);
    }

    @Override
    public void onContent(Response response, ByteBuffer chunk) {
        if (response.getStatus() == 201 && response.getHeaders().get(HttpHeader.LOCATION) == null) {
            if (content == null) {
                content = new ByteArrayOutputStream();
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            content.writeBytes(bytes);
        }
    }

    @Override
    public void onComplete(Result result) {
        boolean handedOver = false;
        try {
            handedOver = complete(result);
        }
        finally {
            if (!handedOver) {
                done.run();
            }
        }
    }

    /** Returns true when a cancel was sent, which runs {@code done} when it completes. */
    private boolean complete(Result result) {
        long now = System.nanoTime();
        long sent = sentNanos == 0 ? now : sentNanos;
        if (result.isFailed()) {
            driver.connectionError("", result.getFailure(), now, measured);
            driver.unknown.placement(index, plan, body, intendedNanos, sent);
            return false;
        }
        Response response = result.getResponse();
        int status = response.getStatus();
        driver.counters.answer("", status);
        if (status != 201) {
            driver.notAccepted("", status, response.getHeaders().contains(HttpHeader.RETRY_AFTER), now, measured);
            if (status >= 500) {
                driver.unknown.placement(index, plan, body, intendedNanos, sent);
            }
            return false;
        }
        String id = orderId(response);
        LoadCounters counters = driver.counters;
        counters.accepted.increment();
        if (measured) {
            counters.acceptedMeasured.increment();
            counters.acceptFromIntended.recordNanos(now - intendedNanos);
            counters.acceptFromSent.recordNanos(now - sent);
            driver.timeline.accepted(intendedNanos, now);
        }
        TrackedOrder tracked = driver.tracker.accepted(id, plan, intendedNanos, sent, now, measured);
        if (plan.kind() == Kind.CANCEL) {
            driver.cancel(tracked, measured, done);
            return true;
        }
        return false;
    }

    private String orderId(Response response) {
        String location = response.getHeaders().get(HttpHeader.LOCATION);
        if (location != null) {
            return location.substring(location.lastIndexOf('/') + 1);
        }
        return content == null ? "" : Http.JSON.readTree(content.toByteArray()).path("id").asString();
    }

    /** Follows POST /api/orders/{id}/cancel of an accepted order. */
    static final class Cancel implements Response.Listener {

        private final LoadDriver driver;
        private final TrackedOrder tracked;
        private final boolean measured;
        private final Runnable done;
        private final long startNanos = System.nanoTime();

        Cancel(LoadDriver driver, TrackedOrder tracked, boolean measured, Runnable done) {
            this.driver = driver;
            this.tracked = tracked;
            this.measured = measured;
            this.done = done;
        }

        @Override
        public void onComplete(Result result) {
            try {
                complete(result);
            }
            finally {
                done.run();
            }
        }

        private void complete(Result result) {
            long now = System.nanoTime();
            if (result.isFailed()) {
                driver.connectionError("cancel: ", result.getFailure(), now, measured);
                driver.unknown.cancel(tracked);
                return;
            }
            Response response = result.getResponse();
            int status = response.getStatus();
            driver.counters.answer("cancel ", status);
            if (status == 200) {
                driver.counters.cancelsOk.increment();
                if (measured) {
                    driver.counters.cancelLatency.recordNanos(now - startNanos);
                }
                driver.tracker.cancelRequested(tracked);
                return;
            }
            driver.notAccepted("cancel: ", status, response.getHeaders().contains(HttpHeader.RETRY_AFTER), now,
                    measured);
            if (status >= 500) {
                driver.unknown.cancel(tracked);
                return;
            }
            driver.tracker.cancelFailed(tracked);
        }
    }
}
