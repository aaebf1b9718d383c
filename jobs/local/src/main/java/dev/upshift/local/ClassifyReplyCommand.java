package dev.upshift.local;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.RuleClassifier;
import dev.upshift.jobs.ConfigOption;
import dev.upshift.jobs.delivery.Secrets;
import dev.upshift.jobs.llm.ChatCompletions;
import dev.upshift.jobs.replies.InboundMails;
import dev.upshift.jobs.replies.imap.MailboxReader;
import dev.upshift.jobs.replies.ModelReplyClassifier;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./upshift classify-reply}: how the reply classifier reads saved emails (.eml files, or a whole mailbox over
 * IMAP, read-only), one JSON line per message, so a CS team can see why a reply got its label before relying on it.
 */
@Command(name = "classify-reply", mixinStandardHelpOptions = true,
        description = "Classify replies (.eml files, or a mailbox with --imap) with the rule-based classifier, or with --llm the model; "
                + "one JSON line per message.")
final class ClassifyReplyCommand implements Callable<Integer> {
    static final String IMAP_PASSWORD = "UPSHIFT_IMAP_PASSWORD";

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Raw RFC 5322 messages, as saved by a mail client")
    List<Path> files = List.of();

    @Option(names = "--imap", paramLabel = "URL", description = "Classify a mailbox instead, read-only: imap[s]://user@host:port/FOLDER; "
            + "the password comes from " + IMAP_PASSWORD)
    URI imap;

    @Option(names = "--llm", description = "Use the model classifier of delivery.llm (rules keep unsubscribes and machine mail)")
    boolean llm;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty() == (imap == null)) {
            throw new IllegalArgumentException("give either FILEs or --imap, not both or neither");
        }
        Delivery.Llm settings = configOption.load().delivery().llm();
        if (llm && !settings.enabled()) {
            throw new IllegalArgumentException("--llm needs delivery.llm.enabled: true, with baseUrl and model, in --config");
        }
        try (ChatCompletions chat = llm ? new ChatCompletions(settings, Secrets.optional(settings.apiKeyEnv())) : null) {
            ModelReplyClassifier model = chat == null ? null : new ModelReplyClassifier(chat);
            if (imap != null) {
                classifyMailbox(model);
            } else {
                classifyFiles(model);
            }
        }
        return 0;
    }

    /** Every message of the folder, oldest first, in batches; the mailbox is opened read-only and nothing is marked seen. */
    private void classifyMailbox(ModelReplyClassifier model) throws Exception {
        String path = imap.getPath() == null || imap.getPath().length() <= 1 ? "INBOX" : imap.getPath().substring(1);
        MailboxReader.Mailbox mailbox = new MailboxReader.Mailbox(imap.getScheme(), imap.getHost(), imap.getPort(), imap.getUserInfo(),
                Secrets.required(IMAP_PASSWORD, "the IMAP password"), path);
        Session session = Session.getInstance(new Properties());
        try (MailboxReader reader = new MailboxReader(mailbox, Duration.ofSeconds(30))) {
            MailboxReader.Batch batch = reader.readAfter(MailboxReader.Cursor.START, 100);
            while (!batch.mails().isEmpty()) {
                for (MailboxReader.Fetched fetched : batch.mails()) {
                    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(fetched.raw()));
                    print("uid", Long.toString(fetched.uid()), classify(model, InboundMails.read(message, fetched.receivedAt())));
                }
                batch = reader.readAfter(batch.next(), 100);
            }
        }
    }

    private static ReplyClassification classify(ModelReplyClassifier model, InboundMail mail) {
        return model == null ? RuleClassifier.classify(mail) : model.classify(mail);
    }

    private static void print(String key, String value, ReplyClassification classification) {
        System.out.println("{\"" + key + "\":" + Json.toText(value) + ",\"classification\":" + Json.toText(classification) + "}");
    }

    private void classifyFiles(ModelReplyClassifier model) throws Exception {
        Session session = Session.getInstance(new Properties());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(session, in);
                long received = message.getSentDate() != null ? message.getSentDate().getTime() : Files.getLastModifiedTime(file).toMillis();
                print("file", file.toString(), classify(model, InboundMails.read(message, received)));
            }
        }
    }
}
