/**
 * The ./upshift command line and everything that runs on one machine without set-up: the demo, backtests, the
 * bench, an embedded Kafka broker and mail server, and a local MiniCluster. May import every other module.
 */
package dev.upshift.local;
