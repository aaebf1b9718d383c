/**
 * A client for an OpenAI-compatible chat-completions endpoint, behind a circuit breaker, used to draft mails and
 * classify replies. Imports only common and libraries.
 */
package dev.upshift.jobs.runtime.llm;
