/**
 * Metric names and counters both jobs register (upshift.<key>.<value>.<name>). Imports only Flink and common.
 */
package dev.upshift.jobs.runtime.metrics;
