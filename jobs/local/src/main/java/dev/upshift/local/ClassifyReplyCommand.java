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
import dev.upshift.jobs.replies.ModelReplyClassifier;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./upshift classify-reply}: how the reply classifier reads saved emails (.eml), one JSON line per file, so
 * a CS team can see why a reply got its label before relying on it.
 */
@Command(name = "classify-reply", mixinStandardHelpOptions = true,
        description = "Classify saved replies (.eml files) with the rule-based classifier, or with --llm the model; one JSON line per file.")
final class ClassifyReplyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Raw RFC 5322 messages, as saved by a mail client")
    List<Path> files;

    @Option(names = "--llm", description = "Use the model classifier of delivery.llm (rules keep unsubscribes and machine mail)")
    boolean llm;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        Delivery.Llm settings = configOption.load().delivery().llm();
        if (llm && !settings.enabled()) {
            throw new IllegalArgumentException("--llm needs delivery.llm.enabled: true, with baseUrl and model, in --config");
        }
        try (ChatCompletions chat = llm ? new ChatCompletions(settings, Secrets.optional(settings.apiKeyEnv())) : null) {
            ModelReplyClassifier model = chat == null ? null : new ModelReplyClassifier(chat);
            classifyAll(model);
        }
        return 0;
    }

    private void classifyAll(ModelReplyClassifier model) throws Exception {
        Session session = Session.getInstance(new Properties());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(session, in);
                long received = message.getSentDate() != null ? message.getSentDate().getTime() : Files.getLastModifiedTime(file).toMillis();
                InboundMail mail = InboundMails.read(message, received);
                ReplyClassification classification = model == null ? RuleClassifier.classify(mail) : model.classify(mail);
                System.out.println("{\"file\":" + Json.toText(file.toString()) + ",\"classification\":" + Json.toText(classification) + "}");
            }
        }
    }
}
