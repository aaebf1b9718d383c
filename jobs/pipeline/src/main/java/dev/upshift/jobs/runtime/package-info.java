/**
 * What both jobs share: the command-line options (config, Kafka), Flink settings from the config, job settings,
 * secrets from the environment, and the side outputs every operator may write (dead letters, audit). Imports only
 * common and libraries, never another jobs package.
 */
package dev.upshift.jobs.runtime;
