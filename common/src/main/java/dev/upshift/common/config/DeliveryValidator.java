package dev.upshift.common.config;

import dev.upshift.common.model.SignalType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;

/** The delivery section's checks; problems go to the config validator's collector. */
final class DeliveryValidator {
    /** Records a problem at {@code path} unless {@code ok}; returns {@code ok}. */
    interface Requirement {
        boolean require(boolean ok, String path, String expected);
    }

    private final Requirement requirement;

    DeliveryValidator(Requirement requirement) {
        this.requirement = requirement;
    }

    void check(Delivery d) {
        locale(d.locale(), "delivery.locale");
        require(isCurrency(d.currency()), "delivery.currency", "an ISO 4217 currency code such as USD, got " + d.currency());
        require(d.templates() != null, "delivery.templates", "a directory, or \"\" for the bundled templates");
        if (d.review() != null) {
            checkReview(d.review());
        }
        if (d.sendWindow() != null) {
            checkSendWindow(d.sendWindow());
        }
        if (d.smtp() != null) {
            checkSmtp(d.smtp());
        }
        if (d.unsubscribe() != null) {
            require(d.unsubscribe().url() != null && d.unsubscribe().url().startsWith("https://"), "delivery.unsubscribe.url",
                    "an https URL (RFC 8058 requires https), got " + d.unsubscribe().url());
            require(d.unsubscribe().mailto() != null && d.unsubscribe().mailto().contains("@"), "delivery.unsubscribe.mailto",
                    "an email address, got " + d.unsubscribe().mailto());
            text(d.unsubscribe().secretEnv(), "delivery.unsubscribe.secretEnv");
            require(d.unsubscribe().tokenTtl() != null && d.unsubscribe().tokenTtl().toDays() >= 2, "delivery.unsubscribe.tokenTtl",
                    "an ISO-8601 duration of at least P2D (receivers may act on a link days after delivery), got " + d.unsubscribe().tokenTtl());
        }
        if (d.llm() != null) {
            checkLlm(d.llm());
        }
        if (d.replies() != null) {
            checkReplies(d.replies());
        }
        if (d.identities() != null) {
            d.identities().forEach((owner, identity) -> checkIdentity(identity, "delivery.identities." + owner));
        }
    }

    private void checkReview(Delivery.Review review) {
        mode(review.mode(), "delivery.review.mode");
        if (review.signals() != null) {
            review.signals().forEach((signal, mode) -> {
                require(SignalType.byId(signal).isPresent(), "delivery.review.signals." + signal, "a signal id, one of " + SignalType.ids());
                mode(mode, "delivery.review.signals." + signal);
            });
        }
        require(review.admins() != null, "delivery.review.admins", "a list of approver ids (may be empty)");
        positive(review.expireAfter(), "delivery.review.expireAfter");
    }

    private void checkSendWindow(Delivery.SendWindow window) {
        require(window.days() != null && !window.days().isEmpty(), "delivery.sendWindow.days",
                "a non-empty list of days such as [TUESDAY, WEDNESDAY]");
        require(window.start() != null && window.end() != null && window.start().isBefore(window.end()),
                "delivery.sendWindow.end", "a time of day after start (" + window.start() + "), got " + window.end());
        zone(window.defaultTimezone(), "delivery.sendWindow.defaultTimezone");
    }

    private void checkSmtp(Delivery.Smtp smtp) {
        text(smtp.host(), "delivery.smtp.host");
        require(smtp.port() > 0 && smtp.port() < 65536, "delivery.smtp.port", "a port number, got " + smtp.port());
        require(Map.of("SMTP", 1, "SMTP_TLS", 1, "SMTPS", 1).containsKey(String.valueOf(smtp.transport())),
                "delivery.smtp.transport", "SMTP, SMTP_TLS or SMTPS, got " + smtp.transport());
        require(smtp.username() != null, "delivery.smtp.username", "a user name, or \"\" for none");
        text(smtp.passwordEnv(), "delivery.smtp.passwordEnv");
        positive(smtp.timeout(), "delivery.smtp.timeout");
        require(smtp.attempts() >= 1, "delivery.smtp.attempts", "a whole number >= 1, got " + smtp.attempts());
        require(smtp.backoff() != null && !smtp.backoff().isNegative(), "delivery.smtp.backoff",
                "an ISO-8601 duration >= 0, got " + smtp.backoff());
        require(smtp.connections() >= 1, "delivery.smtp.connections", "a whole number >= 1, got " + smtp.connections());
    }

    private void checkLlm(Delivery.Llm llm) {
        if (llm.enabled()) {
            require(llm.baseUrl() != null && llm.baseUrl().matches("https?://.+"), "delivery.llm.baseUrl",
                    "an http(s) URL of an OpenAI-compatible API, got " + llm.baseUrl());
            text(llm.model(), "delivery.llm.model");
        }
        text(llm.apiKeyEnv(), "delivery.llm.apiKeyEnv");
        positive(llm.timeout(), "delivery.llm.timeout");
        require(llm.capacity() >= 1, "delivery.llm.capacity", "a whole number >= 1, got " + llm.capacity());
        require(llm.retries() >= 0, "delivery.llm.retries", "a whole number >= 0, got " + llm.retries());
        require(llm.breakerFailures() >= 1, "delivery.llm.breakerFailures", "a whole number >= 1, got " + llm.breakerFailures());
        positive(llm.breakerOpenFor(), "delivery.llm.breakerOpenFor");
    }

    private void checkReplies(Delivery.Replies replies) {
        positive(replies.noResponseAfter(), "delivery.replies.noResponseAfter");
        positive(replies.conversationTtl(), "delivery.replies.conversationTtl");
        require(replies.maxMessageBytes() >= 65536, "delivery.replies.maxMessageBytes",
                "a whole number of bytes >= 65536, got " + replies.maxMessageBytes());
        require(replies.maxAttempts() >= 1, "delivery.replies.maxAttempts", "a whole number >= 1, got " + replies.maxAttempts());
        Delivery.Imap imap = replies.imap();
        if (!require(imap != null, "delivery.replies.imap", "protocol, host, port, passwordEnv, folder, timeout, pollEvery, backoff, batchSize")) {
            return;
        }
        require("imap".equals(imap.protocol()) || "imaps".equals(imap.protocol()), "delivery.replies.imap.protocol",
                "imaps, or imap for a local server, got " + imap.protocol());
        text(imap.host(), "delivery.replies.imap.host");
        require(imap.port() > 0 && imap.port() < 65536, "delivery.replies.imap.port", "a port number, got " + imap.port());
        text(imap.passwordEnv(), "delivery.replies.imap.passwordEnv");
        text(imap.folder(), "delivery.replies.imap.folder");
        positive(imap.timeout(), "delivery.replies.imap.timeout");
        positive(imap.pollEvery(), "delivery.replies.imap.pollEvery");
        positive(imap.backoff(), "delivery.replies.imap.backoff");
        require(imap.batchSize() >= 1, "delivery.replies.imap.batchSize", "a whole number >= 1, got " + imap.batchSize());
    }

    private void positive(Duration duration, String path) {
        require(duration != null && duration.toMillis() > 0, path, "a positive ISO-8601 duration, got " + duration);
    }

    private void checkIdentity(Delivery.Identity identity, String path) {
        if (!require(identity != null, path, "an identity with fromAddress, displayName, signature, replyTo and dkim")) {
            return;
        }
        address(identity.fromAddress(), path + ".fromAddress");
        text(identity.displayName(), path + ".displayName");
        require(identity.signature() != null, path + ".signature", "a signature (may be empty)");
        address(identity.replyTo(), path + ".replyTo");
        if (identity.mode() != null) {
            mode(identity.mode(), path + ".mode");
        }
        if (identity.ownerAddress() != null) {
            address(identity.ownerAddress(), path + ".ownerAddress");
        }
        if (identity.bookingLink() != null) {
            require(identity.bookingLink().startsWith("https://"), path + ".bookingLink", "an https URL, got " + identity.bookingLink());
        }
        Delivery.Dkim dkim = identity.dkim();
        if (require(dkim != null, path + ".dkim", "domain, selector and keyFile")) {
            text(dkim.domain(), path + ".dkim.domain");
            text(dkim.selector(), path + ".dkim.selector");
            text(dkim.keyFile(), path + ".dkim.keyFile");
            if (dkim.domain() != null && identity.fromAddress() != null) {
                require(identity.fromAddress().toLowerCase(Locale.ROOT).endsWith("@" + dkim.domain().toLowerCase(Locale.ROOT))
                                || identity.fromAddress().toLowerCase(Locale.ROOT).endsWith("." + dkim.domain().toLowerCase(Locale.ROOT)),
                        path + ".dkim.domain", "the From address's domain or a parent of it (DMARC alignment), got "
                                + dkim.domain() + " for " + identity.fromAddress());
            }
        }
    }

    private void mode(String mode, String path) {
        require(Delivery.isMode(mode), path, "auto or review, got " + mode);
    }

    private void address(String value, String path) {
        require(value != null && value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), path, "an email address, got " + value);
    }

    private void locale(String tag, String path) {
        boolean ok;
        try {
            ok = tag != null && !new Locale.Builder().setLanguageTag(tag).build().getLanguage().isEmpty();
        } catch (IllformedLocaleException e) {
            ok = false;
        }
        require(ok, path, "a BCP 47 language tag such as en-US, got " + tag);
    }

    private void zone(String zone, String path) {
        boolean ok;
        try {
            ok = zone != null && ZoneId.of(zone) != null;
        } catch (DateTimeException e) {
            ok = false;
        }
        require(ok, path, "an IANA timezone such as Europe/Berlin, got " + zone);
    }

    private static boolean isCurrency(String code) {
        try {
            return code != null && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void text(String value, String path) {
        require(value != null && !value.isBlank(), path, "a non-empty string");
    }

    private boolean require(boolean ok, String path, String expected) {
        return requirement.require(ok, path, expected);
    }
}
