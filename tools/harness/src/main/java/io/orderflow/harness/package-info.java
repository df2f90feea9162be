/**
 * Holds what the tools around Orderflow share: {@link io.orderflow.harness.JsonClient}, the JSON-over-HTTP client for
 * the services' APIs (tokens, reads, set-up, audits); {@link io.orderflow.harness.ChildProcess}, the launcher of a
 * child JVM with its own log file; and {@link io.orderflow.harness.Invariants}, the arithmetic of the promises the
 * local run's audit, the fault suite and the benchmark check.
 *
 * <p>A module of its own, below every tool: local-run, benchmarks and e2e-tests depend on it, and it depends on
 * nothing of Orderflow's and on no framework but Jackson, so that the launcher's class path stays small and the
 * services never see it. It is no place for a load generator: the benchmark's high-rate placements keep their own
 * Jetty client.
 */
package io.orderflow.harness;
