package dev.upshift.common.mail;

/** A mail's text before it is addressed and signed. */
public record Draft(String subject, String body) {}
