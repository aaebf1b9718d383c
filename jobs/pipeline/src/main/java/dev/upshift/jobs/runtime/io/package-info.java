/**
 * Kafka I/O for both jobs: deserializers that turn bad records into dead letters, exactly-once sinks, output
 * topic names, watermark strategies, and the fast serializers of the hot path. May import jobs/runtime and common.
 */
package dev.upshift.jobs.runtime.io;
