package dev.upshift.local;

import dev.upshift.common.json.Json;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.RuleClassifier;
import dev.upshift.jobs.replies.InboundMails;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./upshift classify-reply}: how the reply classifier reads saved emails (.eml), one JSON line per file, so
 * a CS team can see why a reply got its label before relying on it.
 */
@Command(name = "classify-reply", mixinStandardHelpOptions = true,
        description = "Classify saved replies (.eml files) with the rule-based classifier; prints one JSON line per file.")
final class ClassifyReplyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Raw RFC 5322 messages, as saved by a mail client")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Session session = Session.getInstance(new Properties());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(session, in);
                long received = message.getSentDate() != null ? message.getSentDate().getTime() : Files.getLastModifiedTime(file).toMillis();
                ReplyClassification classification = RuleClassifier.classify(InboundMails.read(message, received));
                System.out.println("{\"file\":" + Json.toText(file.toString()) + ",\"classification\":" + Json.toText(classification) + "}");
            }
        }
        return 0;
    }
}
