package io.orderflow.localrun;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the requests of a load that failed as its client sees them: no answer (the connection refused, reset or
 * closed, or no answer in time), or a 5xx other than a 503 with {@code Retry-After}. That 503 is a service declining a
 * request before it took it, which a client sends again; a 4xx is an answer, and the load judges it itself.
 */
final class FailedRequests {

    private static final int SAMPLES = 5;

    private final Map<String, Integer> byKind = new TreeMap<>();
    private final List<String> samples = new ArrayList<>();

    /** Tells whether an answer is a failed request. */
    static boolean isFailure(int status, String retryAfter) {
        return status >= 500 && !(status == 503 && retryAfter != null && !retryAfter.isBlank());
    }

    /** Names the kind of a failure to get an answer. */
    static String kindOf(Exception noAnswer) {
        if (noAnswer instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (noAnswer instanceof ConnectException) {
            return "connection refused";
        }
        if (noAnswer instanceof IOException) {
            return "connection reset or closed";
        }
        return noAnswer.getClass().getSimpleName();
    }

    /** Counts an answer if it is a failed request, and tells whether it was one. */
    synchronized boolean answered(String what, int status, String retryAfter) {
        if (!isFailure(status, retryAfter)) {
            return false;
        }
        count(status == 503 ? "503 without Retry-After" : Integer.toString(status), what);
        return true;
    }

    /** Counts a request that got no answer. */
    synchronized void noAnswer(String what, Exception failure) {
        count(kindOf(failure), what + ": " + failure);
    }

    synchronized int count() {
        return byKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Returns how many failed of each kind, by kind. */
    synchronized Map<String, Integer> byKind() {
        return Map.copyOf(byKind);
    }

    /** Returns the first few failures, described. */
    synchronized List<String> samples() {
        return List.copyOf(samples);
    }

    private void count(String kind, String description) {
        byKind.merge(kind, 1, Integer::sum);
        if (samples.size() < SAMPLES) {
            samples.add(kind + " (" + description + ")");
        }
    }
}
