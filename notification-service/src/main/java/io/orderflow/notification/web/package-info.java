/**
 * The notification ledger over HTTP: listing and showing notifications, and retrying a failed one; and its security.
 */
package io.orderflow.notification.web;
