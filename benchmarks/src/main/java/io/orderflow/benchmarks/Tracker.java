package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;

/**
 * Joins what the load driver learns (an order was accepted, at which time) with what the event watcher sees on
 * {@code order-events}, whichever comes first, and records the place -> final latencies.
 */
public final class Tracker {

    /** Everything known about one order id. */
    public static final class TrackedOrder {
        final String id;
        PlannedOrder plan;
        long intendedNanos;
        long sentNanos;
        long acceptedNanos;
        long intendedEpochMicros;
        boolean measured;
        boolean cancelRequested;
        long confirmedNanos = -1;
        long rejectedNanos = -1;
        long cancelledNanos = -1;
        boolean cancelFailed;
        boolean finished;
        /** the status read through GET /api/orders/{id} when the events did not tell */
        String apiStatus;
        volatile boolean emailDone;
        long nextEmailPollNanos;

        TrackedOrder(String id) {
            this.id = id;
        }

        public synchronized String id() {
            return id;
        }

        public synchronized PlannedOrder plan() {
            return plan;
        }

        public synchronized boolean finished() {
            return finished;
        }

        public synchronized boolean confirmedSeen() {
            return confirmedNanos >= 0;
        }

        public synchronized boolean cancelRequested() {
            return cancelRequested;
        }

        /** CONFIRMED, REJECTED or CANCELLED as the events (or the API, for those the events missed) tell; or PENDING. */
        public synchronized String status() {
            if (cancelledNanos >= 0) {
                return "CANCELLED";
            }
            if (apiStatus != null) {
                return apiStatus;
            }
            if (confirmedNanos >= 0) {
                return "CONFIRMED";
            }
            if (rejectedNanos >= 0) {
                return "REJECTED";
            }
            return "PENDING";
        }

        synchronized long finalNanos() {
            return confirmedNanos >= 0 ? confirmedNanos : rejectedNanos;
        }

        synchronized long intendedEpochMicros() {
            return intendedEpochMicros;
        }
    }

    private final ConcurrentHashMap<String, TrackedOrder> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<TrackedOrder> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TrackedOrder> emailSample = new ConcurrentLinkedQueue<>();
    /** sampled orders the e-mail sampler has not taken yet */
    private final ConcurrentLinkedQueue<TrackedOrder> newlySampled = new ConcurrentLinkedQueue<>();
    private final AtomicLong duplicateFinalEvents = new AtomicLong();
    private final AtomicLong unfinished = new AtomicLong();
    /** orders that became final from the start of the measured window on, warm-up and resent ones too */
    private final AtomicLong finishedInWindow = new AtomicLong();
    private final Timeline timeline;
    final Latency finalFromIntended = new Latency("place -> final, from intended send");
    final Latency finalFromSent = new Latency("place -> final, from actual send");
    private final long epochMicrosAtStart;
    private final long nanosAtStart;

    public Tracker(Timeline timeline, long nanosAtStart, long epochMicrosAtStart) {
        this.timeline = timeline;
        this.nanosAtStart = nanosAtStart;
        this.epochMicrosAtStart = epochMicrosAtStart;
    }

    /** The load driver got 201 for an order. */
    public TrackedOrder accepted(String id, PlannedOrder plan, long intendedNanos, long sentNanos, long acceptedNanos,
            boolean measured) {
        TrackedOrder t = byId.computeIfAbsent(id, TrackedOrder::new);
        synchronized (t) {
            t.plan = plan;
            t.intendedNanos = intendedNanos;
            t.sentNanos = sentNanos;
            t.acceptedNanos = acceptedNanos;
            t.measured = measured;
            t.intendedEpochMicros = epochMicrosAtStart + (intendedNanos - nanosAtStart) / 1000;
            unfinished.incrementAndGet();
            settle(t);
        }
        accepted.add(t);
        if (plan.emailSample()) {
            emailSample.add(t);
            newlySampled.add(t);
        }
        return t;
    }

    /** The cancel request for an accepted order was answered 200. */
    public void cancelRequested(TrackedOrder t) {
        synchronized (t) {
            t.cancelRequested = true;
            settle(t);
        }
    }

    /** The cancel request of a CANCEL order failed: it is finished by its confirmation or rejection instead. */
    public void cancelFailed(TrackedOrder t) {
        synchronized (t) {
            t.cancelFailed = true;
            settle(t);
        }
    }

    /** An event seen on order-events; {@code type} is the last part of ce_type, e.g. OrderConfirmed. */
    public void event(String id, String type, long atNanos) {
        if (id == null || type == null) {
            return;
        }
        switch (type) {
            case "OrderConfirmed", "OrderRejected", "OrderCancelled" -> {
            }
            default -> {
                return;
            }
        }
        TrackedOrder t = byId.computeIfAbsent(id, TrackedOrder::new);
        synchronized (t) {
            switch (type) {
                case "OrderConfirmed" -> {
                    if (t.confirmedNanos < 0) {
                        t.confirmedNanos = atNanos;
                    }
                    else {
                        duplicateFinalEvents.incrementAndGet();
                    }
                }
                case "OrderRejected" -> {
                    if (t.rejectedNanos < 0) {
                        t.rejectedNanos = atNanos;
                    }
                    else {
                        duplicateFinalEvents.incrementAndGet();
                    }
                }
                default -> {
                    if (t.cancelledNanos < 0) {
                        t.cancelledNanos = atNanos;
                    }
                    else {
                        duplicateFinalEvents.incrementAndGet();
                    }
                }
            }
            settle(t);
        }
    }

    /** The order's status as read through the API after the drain timeout. */
    public void apiStatus(TrackedOrder t, String status) {
        synchronized (t) {
            t.apiStatus = status;
            if (!t.finished && !"PENDING".equals(status)) {
                t.finished = true;
                unfinished.decrementAndGet();
                finishedInWindow.incrementAndGet();
            }
        }
    }

    // holds t's lock
    private void settle(TrackedOrder t) {
        if (t.plan == null || t.finished) {
            return;
        }
        long decisive = t.finalNanos();
        if (t.plan.kind() == Kind.CANCEL) {
            // finished by OrderCancelled; if the cancel request failed, by its confirmation or rejection
            long at = t.cancelledNanos >= 0 ? t.cancelledNanos : t.cancelFailed && decisive >= 0 ? decisive : -1;
            if (at >= 0) {
                t.finished = true;
                unfinished.decrementAndGet();
                countIfInWindow(at);
                if (t.measured) {
                    timeline.finished(t.intendedNanos, Math.max(at, t.acceptedNanos), false);
                }
            }
            return;
        }
        if (decisive >= 0) {
            t.finished = true;
            unfinished.decrementAndGet();
            countIfInWindow(Math.max(decisive, t.acceptedNanos));
            if (t.measured) {
                long at = Math.max(decisive, t.acceptedNanos);
                finalFromIntended.recordNanos(at - t.intendedNanos);
                finalFromSent.recordNanos(at - t.sentNanos);
                timeline.finished(t.intendedNanos, at, true);
            }
        }
    }

    private void countIfInWindow(long finalNanos) {
        if (finalNanos >= nanosAtStart) {
            finishedInWindow.incrementAndGet();
        }
    }

    /**
     * Returns how many orders became final from the start of the measured window on, whenever they were placed
     * (warm-up orders still in flight and placements sent again after the load count too): the work the system did
     * in the window.
     */
    public long finishedInWindow() {
        return finishedInWindow.get();
    }

    public long unfinished() {
        return unfinished.get();
    }

    public long duplicateFinalEvents() {
        return duplicateFinalEvents.get();
    }

    public List<TrackedOrder> acceptedOrders() {
        return new ArrayList<>(accepted);
    }

    public List<TrackedOrder> emailSample() {
        return new ArrayList<>(emailSample);
    }

    /** Moves the orders sampled for e-mail since the last call into {@code into}. */
    void takeNewlySampled(List<TrackedOrder> into) {
        TrackedOrder t;
        while ((t = newlySampled.poll()) != null) {
            into.add(t);
        }
    }

    public List<TrackedOrder> unfinishedOrders() {
        List<TrackedOrder> out = new ArrayList<>();
        for (TrackedOrder t : accepted) {
            if (!t.finished()) {
                out.add(t);
            }
        }
        return out;
    }
}
