/**
 * The console for CS owners and analysts: the web server, its pages, the review inbox, the analyst report and the
 * playbook comparison, read from the topics. May import jobs/runtime (options, Kafka reading) and common.
 */
package dev.upshift.console;
