package io.orderflow.notification.delivery;

import java.util.UUID;

/** A notification leased for sending: what its e-mail needs. */
record PendingEmail(UUID id, String recipient, String subject, String body) {
}
