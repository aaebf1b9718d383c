package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.SourceRef;
import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.ReplyLabel;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.common.reply.ReplyText;
import dev.upshift.common.reply.RuleClassifier;
import dev.upshift.common.reply.SenderAuthentication;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads each raw message into a classified reply: its new text (quotes and signature stripped), the sender as an
 * address key, and the offer mail it answers when its {@code In-Reply-To} or {@code References} carry one of our
 * signed Message-IDs (a bounce: when the headers it returns do; a mail to the {@code List-Unsubscribe} mailto: when
 * its subject carries a valid unsubscribe token). Reading never fails; a message whose
 * processing fails {@code delivery.replies.maxAttempts} times goes to the dead letters with its mailbox, UIDVALIDITY
 * and UID, and is skipped.
 */
public class ReadReplies extends ProcessFunction<ReceivedMail, ReceivedReply> {
    /** Reports that carry our mail, or its headers, inside them rather than answering it in a thread. */
    private static final Set<String> REPORTS = Set.of(ReplyLabel.HARD_BOUNCE.id(), ReplyLabel.SOFT_BOUNCE.id(), ReplyLabel.COMPLAINED.id());
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private final Delivery delivery;

    private transient MailKeys keys;
    private transient UnsubscribeLinks unsubscribeLinks;
    private transient ModelReplyClassifier model;
    private transient ChatCompletions chat;
    private transient CountersByKey repliesByLabel;
    private transient Counter complaints;

    public ReadReplies(Delivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void open(OpenContext openContext) {
        byte[] secret = Secrets.agentSecret(delivery);
        keys = new MailKeys(secret);
        unsubscribeLinks = new UnsubscribeLinks(delivery.unsubscribe().url(), delivery.unsubscribe().mailto(), secret);
        if (delivery.replies().modelClassifier()) {
            chat = new ChatCompletions(delivery.llm(), Secrets.required(delivery.llm().apiKeyEnv(), "the LLM API key"));
            model = new ModelReplyClassifier(chat);
        }
        MetricGroup metrics = UpshiftMetrics.of(getRuntimeContext().getMetricGroup());
        repliesByLabel = new CountersByKey(metrics, "label", "replies");
        complaints = metrics.counter("complaints");
    }

    @Override
    public void close() {
        if (chat != null) {
            chat.close();
        }
    }

    @Override
    public void processElement(ReceivedMail mail, Context ctx, Collector<ReceivedReply> out) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= delivery.replies().maxAttempts(); attempt++) {
            try {
                ReceivedReply reply = reply(mail);
                repliesByLabel.inc(reply.classification.label);
                if (ReplyLabel.COMPLAINED.id().equals(reply.classification.label)) {
                    complaints.inc();
                }
                out.collect(reply);
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        ctx.output(OutputTags.DEAD_LETTERS, quarantined(mail, failure));
    }

    /** A message that fails every attempt would stall its mailbox after every restart; it is set aside instead. */
    private DeadLetter quarantined(ReceivedMail mail, RuntimeException failure) {
        DeadLetter letter = DeadLetter.ofRaw(DeadLetterReason.QUARANTINED_MAIL,
                "processing failed " + delivery.replies().maxAttempts() + " times: " + failure.getClass().getSimpleName() + ": "
                        + Addresses.redacted(String.valueOf(failure.getMessage())),
                null, SourceRef.imap(mail.mailbox, mail.uidValidity, mail.uid), mail.raw);
        letter.payload = Addresses.redacted(letter.payload); // its headers name the sender and the agent
        return letter;
    }

    ReceivedReply reply(ReceivedMail mail) {
        InboundMail inbound = InboundMails.read(mail.raw, mail.receivedAt, delivery.replies().maxMessageBytes());
        ReceivedReply reply = new ReceivedReply();
        reply.mailbox = mail.mailbox;
        reply.ownerId = mail.ownerId;
        reply.uidValidity = mail.uidValidity;
        reply.uid = mail.uid;
        String messageId = inbound.header("Message-ID");
        reply.messageId = messageId != null ? messageId.strip() : reply.location();
        reply.senderAddress = inbound.from();
        reply.senderKey = keys.addressKey(inbound.from());
        reply.senderAuthenticated = SenderAuthentication.isAligned(inbound.header("Authentication-Results"), inbound.from());
        reply.text = ReplyText.of(inbound);
        reply.receivedAt = mail.receivedAt;
        Optional<UnsubscribeLinks.Verified> unsubscribe =
                unsubscribeLinks.verifySubject(inbound.subject(), mail.receivedAt, delivery.unsubscribe().tokenTtl());
        if (unsubscribe.isPresent()) {
            // Someone pressed their mail client's unsubscribe button: the signed token names the offer, from any address.
            reply.classification = ReplyClassification.unsubscribeByToken();
            reply.threadMailId = unsubscribe.get().offerId();
            reply.matchedBy = ReplyOutcome.BY_UNSUBSCRIBE_TOKEN;
            reply.unsubscribeAccountId = unsubscribe.get().accountId();
            return reply;
        }
        reply.classification = classify(inbound);
        threadOf(inbound).or(() -> returnedThreadOf(mail, reply.classification)).ifPresent(thread -> {
            reply.threadMailId = thread.mailId();
            reply.matchedBy = thread.matchedBy();
        });
        return reply;
    }

    private ReplyClassification classify(InboundMail inbound) {
        return model != null ? model.classify(inbound) : RuleClassifier.classify(inbound);
    }

    private record Thread(String mailId, String matchedBy) {}

    /** In-Reply-To first; then References, newest first. Ids that are not ours, or not genuine, are skipped. */
    private Optional<Thread> threadOf(InboundMail inbound) {
        for (String id : ids(inbound.header("In-Reply-To"))) {
            Optional<String> mailId = keys.mailIdOf(id);
            if (mailId.isPresent()) {
                return Optional.of(new Thread(mailId.get(), ReplyOutcome.BY_IN_REPLY_TO));
            }
        }
        List<String> references = ids(inbound.header("References"));
        for (int i = references.size() - 1; i >= 0; i--) {
            Optional<String> mailId = keys.mailIdOf(references.get(i));
            if (mailId.isPresent()) {
                return Optional.of(new Thread(mailId.get(), ReplyOutcome.BY_REFERENCES));
            }
        }
        return Optional.empty();
    }

    /** A bounce or a complaint carries our mail's headers, with its Message-ID, in its body rather than in In-Reply-To. */
    private Optional<Thread> returnedThreadOf(ReceivedMail mail, ReplyClassification classification) {
        if (!REPORTS.contains(classification.label)) {
            return Optional.empty();
        }
        int read = Math.min(mail.raw.length, delivery.replies().maxMessageBytes()); // as much as was read to classify it
        for (String id : ids(new String(mail.raw, 0, read, StandardCharsets.ISO_8859_1))) {
            Optional<String> mailId = keys.mailIdOf(id);
            if (mailId.isPresent()) {
                return Optional.of(new Thread(mailId.get(), ReplyOutcome.BY_RETURNED_HEADERS));
            }
        }
        return Optional.empty();
    }

    private static List<String> ids(String header) {
        return header == null ? List.of() : MESSAGE_ID.matcher(header).results().map(MatchResult::group).toList();
    }
}
