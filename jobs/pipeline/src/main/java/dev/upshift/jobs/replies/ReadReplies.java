package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.MailKeys;
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
import dev.upshift.jobs.delivery.Secrets;
import dev.upshift.jobs.llm.ChatCompletions;
import dev.upshift.jobs.metrics.CountersByKey;
import dev.upshift.jobs.metrics.UpshiftMetrics;
import dev.upshift.jobs.operators.OutputTags;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads each raw message into a classified reply: its new text (quotes and signature stripped), the sender as an
 * address key, and the offer mail it answers when its {@code In-Reply-To} or {@code References} carry one of our
 * signed Message-IDs (a bounce: when the headers it returns do). A message that is not MIME goes to the dead letters with its mailbox, UIDVALIDITY and UID.
 */
public class ReadReplies extends ProcessFunction<ReceivedMail, ReceivedReply> {
    private static final Set<String> BOUNCES = Set.of(ReplyLabel.HARD_BOUNCE.id(), ReplyLabel.SOFT_BOUNCE.id());
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private final Delivery delivery;

    private transient Session session;
    private transient MailKeys keys;
    private transient ModelReplyClassifier model;
    private transient ChatCompletions chat;
    private transient CountersByKey repliesByLabel;

    public ReadReplies(Delivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void open(OpenContext openContext) {
        session = Session.getInstance(new Properties());
        keys = new MailKeys(Secrets.agentSecret(delivery));
        if (delivery.replies().modelClassifier()) {
            chat = new ChatCompletions(delivery.llm(), Secrets.required(delivery.llm().apiKeyEnv(), "the LLM API key"));
            model = new ModelReplyClassifier(chat);
        }
        repliesByLabel = new CountersByKey(UpshiftMetrics.of(getRuntimeContext().getMetricGroup()), "label", "replies");
    }

    @Override
    public void close() {
        if (chat != null) {
            chat.close();
        }
    }

    @Override
    public void processElement(ReceivedMail mail, Context ctx, Collector<ReceivedReply> out) {
        MimeMessage message;
        InboundMail inbound;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(mail.raw));
            inbound = InboundMails.read(message, mail.receivedAt);
        } catch (Exception e) {
            DeadLetter letter = DeadLetter.ofRaw(DeadLetterReason.UNREADABLE_MAIL,
                    "cannot read the message as MIME: " + Addresses.redacted(e.getMessage()),
                    null, SourceRef.imap(mail.mailbox, mail.uidValidity, mail.uid), mail.raw);
            letter.payload = Addresses.redacted(letter.payload); // its headers name the sender and the agent
            ctx.output(OutputTags.DEAD_LETTERS, letter);
            return;
        }
        ReceivedReply reply = reply(mail, inbound);
        repliesByLabel.inc(reply.classification.label);
        out.collect(reply);
    }

    private ReceivedReply reply(ReceivedMail mail, InboundMail inbound) {
        ReceivedReply reply = new ReceivedReply();
        reply.mailbox = mail.mailbox;
        reply.ownerId = mail.ownerId;
        reply.uidValidity = mail.uidValidity;
        reply.uid = mail.uid;
        String messageId = inbound.header("Message-ID");
        reply.messageId = messageId != null ? messageId.strip() : reply.location();
        reply.senderAddress = inbound.from();
        reply.senderKey = keys.addressKey(inbound.from());
        reply.text = ReplyText.of(inbound);
        reply.receivedAt = mail.receivedAt;
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

    /** A bounce carries the returned mail's headers, with our Message-ID, in its body rather than in In-Reply-To. */
    private Optional<Thread> returnedThreadOf(ReceivedMail mail, ReplyClassification classification) {
        if (!BOUNCES.contains(classification.label)) {
            return Optional.empty();
        }
        for (String id : ids(new String(mail.raw, StandardCharsets.ISO_8859_1))) {
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
