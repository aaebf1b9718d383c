/**
 * The one-click unsubscribe endpoint (RFC 8058) and the command that lifts a suppression: small services beside
 * the jobs. May import jobs/runtime and common.
 */
package dev.upshift.jobs.unsubscribe;
