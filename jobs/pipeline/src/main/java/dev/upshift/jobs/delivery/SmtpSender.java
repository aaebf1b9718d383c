package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.SendOutcome;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.EmailTooBigException;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.mailer.MailValidationException;
import org.simplejavamail.mailer.MailerBuilder;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

/**
 * Sends mail over SMTP with simplejavamail through a pool of kept-open connections, retrying transient failures
 * (4xx replies, lost connections) with doubling waits, and says how each send ended. Safe to call from as many
 * threads as it has connections. TLS host verification is on and no host is trusted blindly.
 */
public final class SmtpSender implements AutoCloseable {

    /** One mailer per connection: simplejavamail's pipeline ending in its own signing, kept-open transport. */
    private record Connection(Mailer mailer, SigningMailer signing) {}

    private final BlockingQueue<Connection> pool;
    private final List<Connection> connections = new ArrayList<>();
    private final int attempts;
    private final Duration backoff;
    private volatile boolean stopRetrying;

    public SmtpSender(Delivery.Smtp smtp, String password, Map<String, Delivery.Identity> identities) {
        this.attempts = smtp.attempts();
        this.backoff = smtp.backoff();
        String username = smtp.username().isEmpty() ? null : smtp.username();
        for (int i = 0; i < smtp.connections(); i++) {
            SigningMailer signing = new SigningMailer(signers(identities), smtp.host(), smtp.port(), username, password);
            // The signing mailer connects to the server itself; the session keeps the strategy's TLS settings.
            TransportStrategy strategy = TransportStrategy.valueOf(smtp.transport());
            Mailer mailer = MailerBuilder
                    .withTransportStrategy(strategy)
                    .trustingAllHosts(false)
                    .verifyingServerIdentity(true)
                    .withSessionTimeout((int) smtp.timeout().toMillis())
                    .withProperty(strategy.propertyNameAuthenticate(), String.valueOf(username != null))
                    .withCustomMailer(signing)
                    .buildMailer();
            connections.add(new Connection(mailer, signing));
        }
        this.pool = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /** Signers per From address, for one connection: a DKIM signer keeps its digest state, so none is shared. */
    private static Map<String, DkimSigner> signers(Map<String, Delivery.Identity> identities) {
        Map<String, DkimSigner> signers = new LinkedHashMap<>();
        identities.values().forEach(identity -> signers.put(identity.fromAddress(), DkimKeys.signer(identity.dkim())));
        return signers;
    }

    /** How many sends may run at once. */
    public int connections() {
        return connections.size();
    }

    public SendOutcome send(Email email) throws InterruptedException {
        Connection connection = pool.take();
        try {
            return send(email, connection);
        } finally {
            pool.add(connection);
        }
    }

    private SendOutcome send(Email email, Connection connection) throws InterruptedException {
        Duration wait = backoff;
        SendOutcome outcome = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            outcome = sendOnce(email, connection, attempt);
            if (outcome.status() != SendOutcome.Status.TRANSIENT || stopRetrying) {
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

    private SendOutcome sendOnce(Email email, Connection connection, int attempt) {
        try {
            connection.mailer().sendMail(email).join();
            return new SendOutcome(SendOutcome.Status.SENT, connection.signing().lastReply(), attempt);
        } catch (RuntimeException e) {
            return new SendOutcome(classify(e), reply(e), attempt);
        }
    }

    /**
     * 5xx replies and rejected addresses are permanent; anything wrong with the message itself (an invalid address,
     * a header value with CR or LF, a malformed header, a missing value the library trips over, a message too big) makes it
     * unsendable: sending it again would fail again. 4xx replies and connection trouble are transient.
     */
    static SendOutcome.Status classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MailValidationException || cause instanceof EmailTooBigException || cause instanceof AddressException
                    || cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                return SendOutcome.Status.UNSENDABLE;
            }
            if (cause instanceof SMTPSendFailedException sendFailed) {
                return sendFailed.getReturnCode() >= 500 ? SendOutcome.Status.PERMANENT : SendOutcome.Status.TRANSIENT;
            }
            if (cause instanceof SMTPAddressFailedException addressFailed) {
                return addressFailed.getReturnCode() >= 500 ? SendOutcome.Status.PERMANENT : SendOutcome.Status.TRANSIENT;
            }
            if (cause instanceof SendFailedException) {
                return SendOutcome.Status.PERMANENT;
            }
        }
        return SendOutcome.Status.TRANSIENT;
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
        connections.forEach(connection -> connection.signing().closeQuietly());
    }
}
