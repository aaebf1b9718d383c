/**
 * Drafting, review and sending, as part of the decision job's graph: DeliveryTopology, the draft, send-window and
 * review operators, and the effectively-once mail sink with its journal. May import jobs/runtime and common; the
 * reply job reuses its sink.
 */
package dev.upshift.jobs.delivery;
