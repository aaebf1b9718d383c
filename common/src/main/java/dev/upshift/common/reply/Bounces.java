package dev.upshift.common.reply;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Non-delivery reports, standard or not, and whether they are hard or soft. A bounce is <b>hard</b> when it says
 * the address is gone: the mailbox or its domain does not exist, it has moved, or the domain accepts no mail
 * (RFC 3463 X.1.1, X.1.2, X.1.6, X.1.10, or the words real servers use for them). Everything else that failed
 * (a full mailbox, a spam filter, a policy block, a timeout) is <b>soft</b>: the address is still good, so the
 * contact is not dropped. That is how bounce parsers such as Sisimai draw the line, and what an agent needs: a hard
 * bounce stops all mail to the contact. The phrases are drawn from the mail of real servers, as collected in
 * Sisimai's corpus (see {@code docs/replies.md}).
 */
final class Bounces {
    /** Who sends bounces: mailer daemons, postmasters, mailing list managers and the mail systems of the big providers. */
    private static final Pattern DAEMON = Pattern.compile(
            "mailer[- ]?daemon|postmaster|post_master|mail[ ._-]?delivery[ ._-]?(system|subsystem)|double-bounce|bounce[sd]?@|ndr@"
                    + "|no-?reply@sns\\.amazonaws\\.com|(^|[<\\s\"])owner-[^@\\s]+@|[^@\\s<\"]-(owner|request|bounces?)@", Pattern.CASE_INSENSITIVE);
    /** A list's administrative address; mail from it is the list manager's only when the mail says it comes from a list server. */
    private static final Pattern LIST_ADMIN = Pattern.compile("[^@\\s<\"]-admin@", Pattern.CASE_INSENSITIVE);
    /** Senders that say no person is behind them. */
    private static final Pattern NO_REPLY = Pattern.compile("^(no-?reply|do-?not-?reply)@", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECT = Pattern.compile(
            "undeliver|undelivered|delivery status|delivery notification|delivery (failed|failure|has failed|problem)|non-?deliver"
                    + "|mail delivery|returned mail|returning message|failure (notice|delivery)|failed delivery|delivery error"
                    + "|could not (be )?deliver|couldn't be delivered|not (be )?delivered|mail failed|delayed mail|warning: could not send"
                    + "|message (not delivered|delivery failure)|rejected|returned to sender|nicht zustellbar|unzustellbar"
                    + "|non recapitabile|no se puede entregar|non remis|error sending message|mail error|loop alert"
                    + "|メールエラー|配信|エラー|送信できません|届きません",
            Pattern.CASE_INSENSITIVE);
    /** The openings of the big servers' own report texts, where they send no RFC 3464 report. */
    private static final Pattern REPORT_TEXT = Pattern.compile(
            "this is the mail system at host|created automatically by mail delivery software|this is the qmail-send program"
                    + "|i'm afraid i wasn't able to deliver|the original message was received at|delivery to the following recipients? failed"
                    + "|your message did not reach some or all|delivery has failed to these recipients|could not be delivered to"
                    + "|there was an error delivering your mail|message could not be delivered|permanent fatal errors"
                    + "|following addresses had (permanent|transient)|message log follows|the following message to .* was undeliverable"
                    + "|unable to deliver (your )?message|was not delivered to|failed to deliver|delivery failed|undeliverable"
                    + "|\"notificationtype\\\\?\"\\s*:\\s*\\\\?\"(bounce|delivery)", Pattern.CASE_INSENSITIVE);
    /**
     * Where a bounce's text stops and the returned message begins; what follows is not the server's diagnosis. A
     * line may open with horizontal space, quote marks and dashes only: {@code \\s} there would also take line
     * breaks, and a text of blank lines would cost the square of its length.
     */
    private static final Pattern RETURNED_MESSAGE = Pattern.compile(
            "(?m)^[\\h|>-]*(this is a copy of|below this line is a copy|original message|returned message|the (original )?headers"
                    + "|message headers follow|message text follows|undelivered message|original mail as follows|content-type: message/rfc822"
                    + "|--- the header of the original)", Pattern.CASE_INSENSITIVE);
    /**
     * The address is fine but this mail could not go: the mailbox is full or suspended, a filter refused the content
     * or the sender was refused, or it timed out. Checked first.
     */
    private static final Pattern MAIL_REFUSED = Pattern.compile(String.join("|", List.of(
            "mailbox (is )?full", "quota", "insufficient (storage|disk)", "storage (space|limit)", "out of (storage|space)", "full mailbox",
            "spam", "junk", "blocked", "block ?list", "black ?list", "listed (at|in|on)", "reputation", "\\brbl\\b", "dnsbl", "spamhaus",
            "sender (address|domain)", "bad sender", "\\b5\\.1\\.[78]\\b",
            "virus", "malware", "message (is )?too (large|big)", "size limit", "exceeds (the )?(maximum|size|message size)",
            "suspended", "disabled", "locked", "disk space", "client host rejected", "my name was rejected", "banned", "too many",
            "^x-unix;", "relay(ing)? (denied|not permitted|access denied)", "not permitted to relay",
            "timed? ?out", "expired", "retry time", "too long in (the )?queue", "spf", "dkim", "dmarc", "reverse dns", "\\bptr\\b")),
            Pattern.CASE_INSENSITIVE);
    /** The mailbox does not exist. Alone, these words are not enough: see {@link #addressGone}. */
    private static final Pattern NO_SUCH_USER = Pattern.compile(String.join("|", List.of(
            "user unknown", "unknown user", "unknown recipient", "recipient unknown", "unknown (local[- ]?part|mailbox)", "address unknown",
            "no such (user|mailbox|recipient|address|person|account)", "user (not found|not known|not exist|does not exist|doesn't exist)",
            "recipient (not found|does not exist|doesn't exist|not exist|is not local)", "recipnotfound", "recipient name is not recognized",
            "mailbox (not found|does not exist|doesn't exist|not present|invalid|unavailable)", "mailbox is unavailable",
            "invalid (recipient|mailbox|user|final delivery)", "recipient address rejected(: (access denied|invalid|unknown)|\\.)",
            "is not a (valid|known) (mailbox|user|recipient)", "not a valid (recipient|user|mailbox)", "no valid recipients",
            "(account|email address|e-mail address) (does not exist|doesn't exist|could not be found|is not found)", "does not exist",
            "no mailbox (here|by that name|found)", "no account by that name", "not listed in",
            "there is no one at this address", "no longer (accepts mail|valid)", "bad (recipient|destination mailbox address)",
            "non-?existent (user|address|mailbox|recipient)", "unknown e-?mail address", "not our (user|customer)",
            "not in my (validrcptto|list of allowed rcpthosts)", "badrcptto", "utilisateur inconnu", "adresse destinataire invalide",
            "introuvable", "nessun utente", "no existe", "unbekannt", "ディレクトリ.{0,20}(見つかりません|ありません)")), Pattern.CASE_INSENSITIVE);
    /** A provider's own words for an account or domain it does not have: enough whatever command the refusal answered. */
    private static final Pattern NO_SUCH_ACCOUNT = Pattern.compile("doesn't have a .{1,40} account|\\b553 [^@\\s]+\\.[a-z]{2,} does not exist",
            Pattern.CASE_INSENSITIVE);
    /** The domain is gone or takes no mail, or the address has moved. */
    private static final Pattern NO_SUCH_DOMAIN = Pattern.compile(String.join("|", List.of(
            "host or domain name not found", "host (\\S+ )?(unknown|not found)", "unknown host", "(invalid|illegal) (host|domain)",
            "no mx (found|record)", "couldn't find a mail exchanger", "indicated no smtp service", "not accepting network messages",
            "domain (not found|does not exist|is not reachable|must exist|may not exist)", "no such domain", "unknown domain",
            "unrout(e)?able address", "unable to route", "name or service not known", "has been replaced by", "has moved",
            "does not accept (any )?mail", "null ?mx", "mail receiving disabled")), Pattern.CASE_INSENSITIVE);
    /**
     * The SMTP command a refusal answered, as Postfix ("in reply to end of DATA command"), Exim ("after RCPT TO"),
     * DragonFly ("did not like our RCPT TO"), m-FILTER (the command on a line of its own) and Sendmail or Courier
     * transcripts (">>> DATA" then "<<< 550") report it. In a transcript, a refusal right after ">>> DATA" is the
     * RCPT's when the server then asks for a recipient: with pipelining, RCPT is answered after the DATA line.
     */
    private static final Pattern REFUSED_COMMAND = Pattern.compile(
            "in reply to (end of )?(?<postfix>data|rcpt|mail)|after (end of )?(?<exim>data|rcpt|mail)|did not like our (?<dma>rcpt|data|mail)"
                    + "|smtp command\\s+(?<mfilter>data|rcpt|mail)|>>> (?<transcript>data|rcpt|mail)[^\\n]{0,300}\\n<<< [45]",
            Pattern.CASE_INSENSITIVE);
    /** Statuses that say the mailbox exists (X.2.x, but for X.2.1, disabled), whatever the words. */
    private static final Pattern MAILBOX_EXISTS = Pattern.compile("[45]\\.2\\.(0|2|3|4)");
    private static final Pattern PIPELINED_RCPT = Pattern.compile("need rcpt|no valid recipients|rcpt commands were rejected|valid rcpt command",
            Pattern.CASE_INSENSITIVE);
    /** X.1.1, a bad destination mailbox; X.1.2, a bad destination system; X.1.6, moved; X.1.10, a null MX. */
    private static final Pattern ADDRESS_GONE_STATUS = Pattern.compile("(?<![\\d.])[45]\\.1\\.(1|2|6|10)(?![\\d.])");
    /** An RFC 3463 status, e.g. 5.1.1. */
    private static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern SES_STATUS = Pattern.compile("\"status\\\\?\"\\s*:\\s*\\\\?\"([245]\\.\\d{1,3}\\.\\d{1,3})");
    private static final int DIAGNOSIS_CHARS = 8_000;
    /** RFC 3464 actions that report success. */
    private static final Set<String> DELIVERED = Set.of("delivered", "relayed", "expanded");

    private Bounces() {}

    static boolean isBounce(InboundMail mail) {
        if (mail.isDeliveryReport() || !mail.deliveryStatus().isEmpty() || mail.header("X-Failed-Recipients") != null) {
            return true;
        }
        String from = mail.header("From") == null ? "" : mail.header("From");
        if (DAEMON.matcher(from).find() || LIST_ADMIN.matcher(from).find() && isFromListServer(mail)) {
            return true;
        }
        boolean automatic = "<>".equals(mail.returnPath()) || mail.from() == null || NO_REPLY.matcher(mail.from()).find();
        boolean subject = mail.subject() != null && SUBJECT.matcher(mail.subject()).find();
        // Both signs are enough; one of them needs a report's own words as well, read at most once.
        return subject && automatic || (subject || automatic) && reportText(mail);
    }

    private static boolean isFromListServer(InboundMail mail) {
        return mail.header("X-MLServer") != null || mail.header("X-Mailman-Version") != null || mail.header("X-ML-Name") != null;
    }

    static ReplyClassification classify(InboundMail mail) {
        InboundMail.RecipientStatus failed = mail.deliveryStatus().stream()
                .filter(status -> status.status() != null && status.status().startsWith("5")).findFirst()
                .orElse(mail.deliveryStatus().stream().filter(status -> "failed".equals(status.action())).findFirst().orElse(null));
        if (failed != null) {
            String basis = (failed.diagnostic() == null ? "" : failed.diagnostic()) + "\n" + diagnosis(mail);
            return bounced(addressGone(basis, failed.status()), 0.99, "delivery report: " + failed.action() + " " + failed.status(),
                    failed.finalRecipient(), failed.status());
        }
        InboundMail.RecipientStatus other = mail.deliveryStatus().isEmpty() ? null : mail.deliveryStatus().get(0);
        if (other != null && !"failed".equals(other.action()) && !(other.status() != null && other.status().startsWith("5"))) {
            return notFailed(mail, other);
        }
        String diagnosis = diagnosis(mail);
        if (isSesDelivery(diagnosis)) {
            return ReplyClassification.of(ReplyLabel.AUTO_REPLY, 0.95, "delivery notice: delivered");
        }
        String status = status(diagnosis).orElse(null);
        if (isDelay(mail, diagnosis, status)) {
            return bounced(false, 0.9, "delivery delayed, still being retried: " + subjectOf(mail), null, status);
        }
        return bounced(addressGone(diagnosis, status), 0.8, "bounce without an RFC 3464 report: " + subjectOf(mail), null, status);
    }

    /** A report whose first recipient was delivered, relayed or expanded, or has a 2.x.x status (a notice), or delayed or worse. */
    private static ReplyClassification notFailed(InboundMail mail, InboundMail.RecipientStatus status) {
        if (status.action() != null && DELIVERED.contains(status.action()) || status.status() != null && status.status().startsWith("2")) {
            return ReplyClassification.of(ReplyLabel.AUTO_REPLY, 0.95, "delivery notice: " + status.action() + " " + status.status());
        }
        String basis = (status.diagnostic() == null ? "" : status.diagnostic()) + "\n" + diagnosis(mail);
        return bounced(addressGone(basis, status.status()), 0.9, "delivery report: " + status.action() + " " + status.status(),
                status.finalRecipient(), status.status());
    }

    /**
     * Hard only when the address is gone. A provider saying it has no such account is enough, unless words for a
     * refusal of the mail come first. A refusal of the mail itself never is: one after DATA without an X.1.1 status
     * (how content filters refuse, notably at mobile carriers, even when they say "user unknown"), one of the sender,
     * or one with a status saying the mailbox exists. Otherwise the words that come first decide: for a missing user
     * or domain, or for a full mailbox, a filter or a block (a report on several recipients names the first one's
     * reason first). Without words, X.1.1, X.1.2, X.1.6 or X.1.10 is.
     */
    private static boolean addressGone(String diagnosis, String status) {
        String command = refusedCommand(diagnosis);
        boolean goneStatus = status != null && ADDRESS_GONE_STATUS.matcher(status).matches() || ADDRESS_GONE_STATUS.matcher(diagnosis).find();
        Matcher refused = MAIL_REFUSED.matcher(diagnosis);
        int refusedAt = refused.find() ? refused.start() : Integer.MAX_VALUE;
        if (startsBefore(NO_SUCH_ACCOUNT, diagnosis, refusedAt)) {
            return true;
        }
        boolean filtered = "data".equals(command) && !goneStatus;
        if (filtered || "mail".equals(command) || status != null && MAILBOX_EXISTS.matcher(status).matches()) {
            return false;
        }
        if (startsBefore(NO_SUCH_DOMAIN, diagnosis, refusedAt) || startsBefore(NO_SUCH_USER, diagnosis, refusedAt)) {
            return true;
        }
        return refusedAt == Integer.MAX_VALUE && goneStatus;
    }

    private static boolean startsBefore(Pattern pattern, String text, int end) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() && matcher.start() < end;
    }

    /** The command the first reported refusal answered, in lower case, or null when the report does not say. */
    private static String refusedCommand(String diagnosis) {
        Matcher command = REFUSED_COMMAND.matcher(diagnosis);
        if (!command.find()) {
            return null;
        }
        for (String group : List.of("postfix", "exim", "dma", "mfilter", "transcript")) {
            String name = command.group(group);
            if (name != null) {
                name = name.toLowerCase(Locale.ROOT);
                return group.equals("transcript") && name.equals("data") && PIPELINED_RCPT.matcher(diagnosis).find() ? "rcpt" : name;
            }
        }
        return null;
    }

    private static boolean isDelay(InboundMail mail, String diagnosis, String status) {
        String subject = subjectOf(mail).toLowerCase(Locale.ROOT);
        return subject.contains("delay") || subject.contains("warning") || status != null && status.startsWith("4")
                || diagnosis.toLowerCase(Locale.ROOT).contains("will keep trying") || diagnosis.toLowerCase(Locale.ROOT).contains("still being retried");
    }

    private static boolean isSesDelivery(String diagnosis) {
        return diagnosis.contains("\"notificationType\":\"Delivery\"") || diagnosis.contains("\\\"notificationType\\\":\\\"Delivery\\\"");
    }

    private static boolean reportText(InboundMail mail) {
        return REPORT_TEXT.matcher(diagnosis(mail)).find();
    }

    /** The server's own words: the text up to where the returned message begins, at most a few thousand characters. */
    private static String diagnosis(InboundMail mail) {
        String text = mail.text() != null && !mail.text().isBlank() ? mail.text() : mail.html() != null ? ReplyText.htmlToText(mail.html()) : "";
        String head = text.length() > DIAGNOSIS_CHARS ? text.substring(0, DIAGNOSIS_CHARS) : text;
        Matcher returned = RETURNED_MESSAGE.matcher(head);
        return returned.find() && returned.start() > 0 ? head.substring(0, returned.start()) : head;
    }

    private static Optional<String> status(String diagnosis) {
        Matcher ses = SES_STATUS.matcher(diagnosis);
        if (ses.find()) {
            return Optional.of(ses.group(1));
        }
        Matcher status = STATUS.matcher(diagnosis);
        while (status.find()) {
            if (!status.group(1).equals("2")) {
                return Optional.of(status.group());
            }
        }
        return Optional.empty();
    }

    private static ReplyClassification bounced(boolean hard, double confidence, String reason, String recipient, String status) {
        ReplyClassification classification = ReplyClassification.of(hard ? ReplyLabel.HARD_BOUNCE : ReplyLabel.SOFT_BOUNCE, confidence,
                reason + (hard ? "; the address is gone" : "; the address may still be good"));
        classification.bouncedRecipient = recipient;
        classification.bounceStatus = status;
        return classification;
    }

    private static String subjectOf(InboundMail mail) {
        return mail.subject() == null ? "(no subject)" : mail.subject();
    }
}
