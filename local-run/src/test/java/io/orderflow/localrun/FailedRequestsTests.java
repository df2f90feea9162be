package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import org.junit.jupiter.api.Test;

class FailedRequestsTests {

    @Test
    void aServiceThatDeclinesWithRetryAfterHasNotFailed() {
        assertThat(FailedRequests.isFailure(503, "1")).isFalse();
        assertThat(FailedRequests.isFailure(201, null)).isFalse();
        assertThat(FailedRequests.isFailure(409, null)).isFalse();
        assertThat(FailedRequests.isFailure(429, "1")).isFalse();
    }

    @Test
    void anyOther5xxHasFailed() {
        assertThat(FailedRequests.isFailure(503, null)).isTrue();
        assertThat(FailedRequests.isFailure(503, " ")).isTrue();
        assertThat(FailedRequests.isFailure(500, "1")).isTrue();
        assertThat(FailedRequests.isFailure(502, null)).isTrue();
    }

    @Test
    void noAnswerIsNamedByWhatHappenedToTheConnection() {
        assertThat(FailedRequests.kindOf(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(FailedRequests.kindOf(new IOException("Connection reset"))).isEqualTo("connection reset or closed");
        assertThat(FailedRequests.kindOf(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo("connection reset or closed");
        assertThat(FailedRequests.kindOf(new HttpTimeoutException("request timed out")))
                .isEqualTo("no answer in time");
        assertThat(FailedRequests.kindOf(new HttpConnectTimeoutException("connect timed out")))
                .isEqualTo("no answer in time");
    }

    @Test
    void countsEachFailedRequestByKindAndKeepsTheFirstFew() {
        FailedRequests failed = new FailedRequests();

        assertThat(failed.answered("place a", 503, "1")).isFalse();
        assertThat(failed.answered("place b", 500, null)).isTrue();
        failed.answered("place c", 503, null);
        for (int i = 0; i < 6; i++) {
            failed.noAnswer("place d" + i, new IOException("Connection reset"));
        }

        assertThat(failed.count()).isEqualTo(8);
        assertThat(failed.byKind()).containsEntry("500", 1).containsEntry("503 without Retry-After", 1)
                .containsEntry("connection reset or closed", 6).hasSize(3);
        assertThat(failed.samples()).hasSize(5).first().asString().startsWith("500 (place b");
    }
}
