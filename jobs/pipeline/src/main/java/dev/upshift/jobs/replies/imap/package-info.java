/**
 * The IMAP source: a FLIP-27 source with one split per agent mailbox, its cursor checkpointed. May import
 * jobs/runtime and common.
 */
package dev.upshift.jobs.replies.imap;
