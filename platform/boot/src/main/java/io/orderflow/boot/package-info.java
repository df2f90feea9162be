/**
 * Spring plumbing that the other platform modules and the services share, and that knows neither Kafka nor HTTP: a
 * background worker thread's lifecycle ({@link io.orderflow.boot.BackgroundWorker}), which the order intake and the
 * outbox relay both run on, and default properties at the lowest priority
 * ({@link io.orderflow.boot.DefaultPropertiesPostProcessor}), which platform/messaging and platform/web both add.
 *
 * <p>It is a module of its own because its users are: platform/messaging and platform/web do not depend on each
 * other, and a service's feature package (the order intake's) may depend on neither, by the shared architecture
 * rules.
 */
package io.orderflow.boot;
