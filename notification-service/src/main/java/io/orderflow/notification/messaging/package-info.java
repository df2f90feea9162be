/**
 * The order events on Kafka that become e-mails: their listener and the integration events it reads.
 */
package io.orderflow.notification.messaging;
