/**
 * The reply job: RepliesJob (main, and its wiring to IMAP, Kafka and SMTP), RepliesTopology and its operators
 * (reading, matching, the reply desk, suggested answers). May import jobs/replies/imap, jobs/delivery (the mail
 * sink), jobs/runtime and common.
 */
package dev.upshift.jobs.replies;
