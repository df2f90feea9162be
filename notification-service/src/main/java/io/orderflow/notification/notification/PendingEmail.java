package io.orderflow.notification.notification;

import java.util.UUID;

/** A notification leased for sending: what its e-mail needs. */
record PendingEmail(UUID id, String recipient, String subject, String body) {
}
