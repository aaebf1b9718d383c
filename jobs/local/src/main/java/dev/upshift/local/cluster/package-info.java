/**
 * A real standalone Flink cluster from Maven jars (JobManager, TaskManager and a Kafka broker as child JVMs), for
 * ./upshift cluster and the cluster tests. May import dev.upshift.local and every other module.
 */
package dev.upshift.local.cluster;
