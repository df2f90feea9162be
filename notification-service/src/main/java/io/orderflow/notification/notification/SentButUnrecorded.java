package io.orderflow.notification.notification;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * Remembers batches of e-mails that went out but whose SENT could not be recorded (the database went away just after
 * the send), and records them once it answers again. Without it such a batch stays PENDING until its lease ends and
 * goes out a second time; with it, only a crash of the instance in that window sends it twice.
 */
final class SentButUnrecorded {

    private final Queue<Batch> batches = new ConcurrentLinkedQueue<>();

    /** Remembers that the e-mails {@code ids} were sent at {@code sentAt} and not recorded as SENT. */
    void remember(List<UUID> ids, Instant sentAt) {
        batches.add(new Batch(List.copyOf(ids), sentAt));
    }

    /**
     * Records the remembered batches with {@code recordSent}, oldest first, and forgets each one recorded; if one
     * fails, it and the rest stay for the next call and the failure is thrown.
     */
    void recordWith(BiConsumer<List<UUID>, Instant> recordSent) {
        for (Batch batch = batches.peek(); batch != null; batch = batches.peek()) {
            recordSent.accept(batch.ids(), batch.sentAt());
            batches.remove(batch);
        }
    }

    /** Tells how many e-mails wait to be recorded as SENT. */
    int size() {
        return batches.stream().mapToInt(batch -> batch.ids().size()).sum();
    }

    private record Batch(List<UUID> ids, Instant sentAt) {
    }
}
