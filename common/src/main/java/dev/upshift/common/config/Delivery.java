package dev.upshift.common.config;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * From an offer request to a sent email: drafting, review, the send window, SMTP and the agent identities
 * mail leaves from. Secrets are never in the config: it names the environment variables that hold them.
 *
 * @param enabled when false, offers are decided and published but no mail is drafted or sent
 * @param locale formats money and dates in mail, as a BCP 47 tag; a contact's own locale wins
 * @param currency the ISO 4217 code of the catalog's prices
 * @param metricNames how mail names each metric after a number: "10,000 API calls", "100 GB of storage"
 * @param templates a directory of template files overriding the bundled ones; empty for the bundled set
 */
public record Delivery(
        boolean enabled,
        String locale,
        String currency,
        Map<String, String> metricNames,
        String templates,
        Review review,
        SendWindow sendWindow,
        Smtp smtp,
        Unsubscribe unsubscribe,
        Llm llm,
        Replies replies,
        Map<String, Identity> identities) implements Serializable {

    public static final String AUTO = "auto";
    public static final String REVIEW = "review";

    /** This section with delivery switched off, for runs that decide but never mail (backtests). */
    public Delivery disabled() {
        return new Delivery(false, locale, currency, metricNames, templates, review, sendWindow, smtp, unsubscribe, llm, replies, identities);
    }

    /** The mode an offer goes out in: its owner's, else its signal's (playbook's), else the default. */
    public String modeFor(String ownerId, String signal) {
        Identity identity = identities.get(ownerId);
        if (identity != null && identity.mode() != null) {
            return identity.mode();
        }
        return review.signals().getOrDefault(signal, review.mode());
    }

    /**
     * @param mode {@code auto} or {@code review}, for every playbook not named in {@code signals}
     * @param signals the mode per playbook (signal id)
     * @param admins approvers allowed to approve any owner's drafts
     * @param expireAfter a draft nobody decides on within this long is dropped, with an audit record
     */
    public record Review(String mode, Map<String, String> signals, List<String> admins, Duration expireAfter)
            implements Serializable {}

    /**
     * When mail may leave, in the contact's own timezone: {@code days}, from {@code start} to {@code end}.
     *
     * @param defaultTimezone for contacts that give none (an IANA zone id)
     */
    public record SendWindow(List<DayOfWeek> days, LocalTime start, LocalTime end, String defaultTimezone)
            implements Serializable {}

    /**
     * @param transport {@code SMTP} (plain, local servers only), {@code SMTP_TLS} (STARTTLS) or {@code SMTPS}
     * @param passwordEnv the environment variable holding the password; unset means no authentication
     * @param timeout connect, read and write timeout of one SMTP exchange
     * @param attempts tries per mail on a transient (4xx or connection) error before it waits for the next checkpoint
     * @param backoff the first wait between attempts; each later wait doubles
     * @param connections SMTP connections each sending subtask keeps open and sends over in parallel
     */
    public record Smtp(String host, int port, String transport, String username, String passwordEnv, Duration timeout,
            int attempts, Duration backoff, int connections) implements Serializable {}

    /**
     * RFC 8058 one-click unsubscribe: every mail links {@code url} with an HMAC token, and {@code mailto}.
     *
     * @param secretEnv the environment variable holding the HMAC secret
     * @param tokenTtl how long a link keeps working after its mail was decided
     */
    public record Unsubscribe(String url, String mailto, String secretEnv, Duration tokenTtl) implements Serializable {}

    /**
     * An OpenAI-compatible Chat Completions endpoint that drafts mail; the template is the fallback.
     *
     * @param timeout the whole budget of one draft, retries included
     * @param capacity drafts in flight at once, per subtask
     * @param retries extra attempts after a failed call, within the timeout
     * @param breakerFailures consecutive failures that open the circuit breaker
     * @param breakerOpenFor while open, drafts go straight to the template
     */
    public record Llm(boolean enabled, String baseUrl, String model, String apiKeyEnv, Duration timeout, int capacity,
            int retries, int breakerFailures, Duration breakerOpenFor) implements Serializable {}

    /**
     * An account owner's agent identity: their offers leave only from it.
     *
     * @param replyTo where customers' replies go: the agent's mailbox, read over IMAP with this address as user name
     * @param mode overrides the playbook's review mode for this owner's offers; null to inherit
     * @param ownerAddress the owner's own address: hand-offs, "yes" notices and unmatched replies go there
     * @param bookingLink sent to a customer who says yes, to book a call with the owner
     */
    public record Identity(String fromAddress, String displayName, String signature, String replyTo, String mode,
            Dkim dkim, String ownerAddress, String bookingLink) implements Serializable {}

    /**
     * Reading the agents' mailboxes and acting on replies ({@code ./upshift replies}).
     *
     * @param noResponseAfter an offer mail without a human reply this long after it was sent counts as no_response
     * @param conversationTtl how long after its last reply a conversation is remembered for follow-ups
     * @param modelClassifier classify with the {@code llm} endpoint (validated, rules as fallback) instead of rules only
     * @param maxMessageBytes how much of each message is read; the rest is ignored
     * @param maxAttempts a message that fails processing this many times is dead-lettered and skipped
     */
    public record Replies(Imap imap, Duration noResponseAfter, Duration conversationTtl, boolean modelClassifier,
            int maxMessageBytes, int maxAttempts) implements Serializable {}

    /**
     * The IMAP server holding every identity's mailbox (its {@code replyTo}).
     *
     * @param protocol {@code imaps} (TLS) or {@code imap} (plain, local servers only)
     * @param passwordEnv the environment variable holding the mailboxes' password
     * @param timeout connect and read timeout of every IMAP exchange
     * @param pollEvery how often a mailbox is checked when its server has no IDLE, and the longest IDLE before re-checking
     * @param backoff the first wait before reconnecting after a failure; each later wait doubles, up to ten times it
     * @param batchSize messages fetched per read
     */
    public record Imap(String protocol, String host, int port, String passwordEnv, String folder, Duration timeout,
            Duration pollEvery, Duration backoff, int batchSize) implements Serializable {}

    /** @param keyFile a PKCS#8 DER RSA private key */
    public record Dkim(String domain, String selector, String keyFile) implements Serializable {}

    /** A review mode that is neither auto nor review. */
    static boolean isMode(String mode) {
        return AUTO.equals(mode) || REVIEW.equals(mode);
    }
}
