package io.orderflow.notification.notification;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.statement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** Runs {@link Notifications}' set-based statements with JDBC: PostgreSQL arrays unnested into rows. */
final class NotificationBatchWritesImpl implements NotificationBatchWrites {

    private static final String INSERT = """
            INSERT INTO notification (id, order_id, type, channel, recipient, subject, body, status, attempts,
                                      next_attempt_at, created_at)
            SELECT id, order_id, type, channel, recipient, subject, body, 'PENDING', 0, ?, created_at
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::timestamptz[])
                AS n (id, order_id, type, channel, recipient, subject, body, created_at)
            ON CONFLICT (order_id, type, channel) DO NOTHING
            RETURNING id, order_id, type""";

    private static final String LEASE_DUE = """
            UPDATE notification n SET next_attempt_at = ?
            FROM (SELECT id FROM notification
                  WHERE status = 'PENDING' AND next_attempt_at <= ?
                  ORDER BY next_attempt_at
                  LIMIT ?
                  FOR UPDATE SKIP LOCKED) due
            WHERE n.id = due.id
            RETURNING n.id, n.recipient, n.subject, n.body""";

    private static final String RECORD_SENT = """
            UPDATE notification SET status = 'SENT', sent_at = ?, attempts = attempts + 1
            WHERE id = ANY (?) AND status = 'PENDING'""";

    private final JdbcTemplate jdbc;

    NotificationBatchWritesImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<UUID> insertLeased(List<EmailToRecord> emails, Instant leasedUntil) {
        Set<UUID> added = new HashSet<>();
        if (emails.isEmpty()) {
            return added;
        }
        jdbc.query(statement(INSERT, Timestamp.from(leasedUntil),
                array("uuid", emails.stream().map(EmailToRecord::id).toList()),
                array("uuid", emails.stream().map(EmailToRecord::orderId).toList()),
                array("text", emails.stream().map(email -> email.type().name()).toList()),
                array("text", emails.stream().map(email -> Channel.EMAIL.name()).toList()),
                array("text", emails.stream().map(EmailToRecord::recipient).toList()),
                array("text", emails.stream().map(email -> email.content().subject()).toList()),
                array("text", emails.stream().map(email -> email.content().body()).toList()),
                array("timestamptz", emails.stream().map(email -> Timestamp.from(email.createdAt())).toList())),
                rs -> {
                    added.add(rs.getObject("id", UUID.class));
                });
        return added;
    }

    @Override
    public List<PendingEmail> leaseDue(Instant now, Instant leasedUntil, int limit) {
        return jdbc.query(LEASE_DUE, (rs, n) -> new PendingEmail(rs.getObject("id", UUID.class),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body")),
                Timestamp.from(leasedUntil), Timestamp.from(now), limit);
    }

    @Override
    public void recordSent(List<UUID> ids, Instant sentAt) {
        jdbc.update(statement(RECORD_SENT, Timestamp.from(sentAt), array("uuid", ids)));
    }
}
