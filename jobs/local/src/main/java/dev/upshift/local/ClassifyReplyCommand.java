package dev.upshift.local;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.RuleClassifier;
import dev.upshift.jobs.replies.InboundMails;
import dev.upshift.jobs.replies.ModelReplyClassifier;
import dev.upshift.jobs.replies.imap.MailboxReader;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                + "one JSON line per message. A file that cannot be classified gets a line with an error and the exit code is 1.")
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
        UpshiftConfig config = configOption.load();
        Delivery.Llm settings = config.delivery().llm();
        if (llm && !settings.enabled()) {
            throw new IllegalArgumentException("--llm needs delivery.llm.enabled: true, with baseUrl and model, in --config");
        }
        int maxMessageBytes = config.delivery().replies().maxMessageBytes();
        try (ChatCompletions chat = llm ? new ChatCompletions(settings, Secrets.optional(settings.apiKeyEnv())) : null) {
            ModelReplyClassifier model = chat == null ? null : new ModelReplyClassifier(chat);
            if (imap != null) {
                classifyMailbox(model, maxMessageBytes);
                return 0;
            }
            return classifyFiles(model, maxMessageBytes) ? 0 : 1;
        }
    }

    /** Every message of the folder, oldest first, in batches; the mailbox is opened read-only and nothing is marked seen. */
    private void classifyMailbox(ModelReplyClassifier model, int maxMessageBytes) throws Exception {
        String path = imap.getPath() == null || imap.getPath().length() <= 1 ? "INBOX" : imap.getPath().substring(1);
        MailboxReader.Mailbox mailbox = new MailboxReader.Mailbox(imap.getScheme(), imap.getHost(), imap.getPort(), imap.getUserInfo(),
                Secrets.required(IMAP_PASSWORD, "the IMAP password"), path);
        try (MailboxReader reader = new MailboxReader(mailbox, Duration.ofSeconds(30))) {
            MailboxReader.Batch batch = reader.readAfter(MailboxReader.Cursor.START, 100);
            while (!batch.mails().isEmpty()) {
                for (MailboxReader.Fetched fetched : batch.mails()) {
                    print("uid", Long.toString(fetched.uid()),
                            classify(model, InboundMails.read(fetched.raw(), fetched.receivedAt(), maxMessageBytes)));
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

    /** One line per file, whatever happens to the others: a file that cannot be classified gets a line saying why. */
    private boolean classifyFiles(ModelReplyClassifier model, int maxMessageBytes) {
        boolean allClassified = true;
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                allClassified = false;
                printError(file, "a directory, not a message file");
                continue;
            }
            try {
                byte[] raw = Files.readAllBytes(file);
                InboundMail mail = InboundMails.read(raw, Files.getLastModifiedTime(file).toMillis(), maxMessageBytes);
                print("file", file.toString(), classify(model, InboundMails.sentAt(mail).map(mail::withReceivedAt).orElse(mail)));
            } catch (IOException | RuntimeException e) {
                allClassified = false;
                printError(file, why(e));
            }
        }
        return allClassified;
    }

    private static void printError(Path file, String why) {
        System.out.println("{\"file\":" + Json.toText(file.toString()) + ",\"error\":" + Json.toText(why) + "}");
    }

    private static String why(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
