package io.orderflow.notification.notification;

/**
 * The text of an e-mail.
 *
 * @param subject the subject line
 * @param body the plain-text body
 */
public record EmailContent(String subject, String body) {
}
