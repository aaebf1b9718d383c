package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import jakarta.mail.SendFailedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.mailer.MailerBuilder;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

/**
 * Sends one mail over SMTP with simplejavamail, retrying transient failures (4xx replies, lost connections) with
 * doubling waits, and says how it ended. TLS host verification is on and no host is trusted blindly.
 */
public final class SmtpSender implements AutoCloseable {
    /** How a send ended: sent, refused for good (5xx), or still failing transiently after every attempt. */
    public enum Status { SENT, PERMANENT, TRANSIENT }

    public record Outcome(Status status, String reply, int attempts) {}

    private final Mailer mailer;
    private final SigningMailer signing;
    private final int attempts;
    private final Duration backoff;
    private volatile boolean stopRetrying;

    public SmtpSender(Delivery.Smtp smtp, String password, Map<String, Delivery.Identity> identities) {
        Map<String, DkimSigner> signers = new LinkedHashMap<>();
        identities.values().forEach(identity -> signers.put(identity.fromAddress(), DkimKeys.signer(identity.dkim())));
        this.signing = new SigningMailer(signers, smtp.host(), smtp.port(), smtp.username().isEmpty() ? null : smtp.username(), password);
        this.attempts = smtp.attempts();
        this.backoff = smtp.backoff();
        this.mailer = MailerBuilder
                .withSMTPServer(smtp.host(), smtp.port(), smtp.username().isEmpty() ? null : smtp.username(), password)
                .withTransportStrategy(TransportStrategy.valueOf(smtp.transport()))
                .trustingAllHosts(false)
                .verifyingServerIdentity(true)
                .withSessionTimeout((int) smtp.timeout().toMillis())
                .withCustomMailer(signing)
                .buildMailer();
    }

    public Outcome send(Email email) throws InterruptedException {
        Duration wait = backoff;
        Outcome outcome = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            outcome = sendOnce(email, attempt);
            if (outcome.status() != Status.TRANSIENT || stopRetrying) {
                return outcome;
            }
            if (attempt < attempts && !stopRetrying) {
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2);
            }
        }
        return outcome;
    }

    /** Ends the current send after its attempt in flight: the task is being cancelled. */
    void stopRetrying() {
        stopRetrying = true;
    }

    private Outcome sendOnce(Email email, int attempt) {
        try {
            mailer.sendMail(email).join();
            return new Outcome(Status.SENT, signing.lastReply(), attempt);
        } catch (RuntimeException e) {
            return new Outcome(classify(e), reply(e), attempt);
        }
    }

    /** 5xx replies and rejected addresses are permanent; 4xx replies and connection trouble are transient. */
    static Status classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPSendFailedException sendFailed) {
                return sendFailed.getReturnCode() >= 500 ? Status.PERMANENT : Status.TRANSIENT;
            }
            if (cause instanceof SMTPAddressFailedException addressFailed) {
                return addressFailed.getReturnCode() >= 500 ? Status.PERMANENT : Status.TRANSIENT;
            }
            if (cause instanceof SendFailedException) {
                return Status.PERMANENT;
            }
        }
        return Status.TRANSIENT;
    }

    private static String reply(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SigningMailer.SmtpFailure smtp && smtp.reply != null) {
                return smtp.reply.strip();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        signing.closeQuietly();
    }
}
