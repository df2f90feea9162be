/**
 * Notifications: the {@link io.orderflow.notification.notification.Notification} aggregate and its retry policy, the
 * e-mails' text, the queue that records them and the sender that delivers them over SMTP, the ledger's use cases,
 * and their persistence, {@link io.orderflow.notification.notification.Notifications}.
 */
package io.orderflow.notification.notification;
