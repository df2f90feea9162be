package io.orderflow.messaging.kafka;

/** Names the dead-letter topic of a topic. */
public final class DeadLetterTopics {

    /** Appended to a topic's name to name its dead-letter topic. */
    public static final String SUFFIX = ".DLT";

    /** Names the header that says why a record was dead-lettered: {@code contract-violation} or {@code failed}. */
    public static final String REASON_HEADER = "orderflow-dlt-reason";

    private DeadLetterTopics() {
    }

    /** Returns the dead-letter topic of {@code topic}. */
    public static String of(String topic) {
        return topic + SUFFIX;
    }
}
