/**
 * The decision job: DecisionsJob (main, and its wiring to Kafka), DecisionsTopology (the graph every entry point
 * runs) and its operators, each declaring its own keyed state. May import jobs/delivery (the delivery part of its
 * graph), jobs/operators (a state type), jobs/runtime and common.
 */
package dev.upshift.jobs.decisions;
