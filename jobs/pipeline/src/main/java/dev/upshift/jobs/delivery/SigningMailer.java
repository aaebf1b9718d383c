package dev.upshift.jobs.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.CustomMailer;
import org.simplejavamail.api.mailer.config.OperationalConfig;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

/**
 * simplejavamail's last step, replaced: the MIME message it built (headers, TLS session, Message-ID) is
 * DKIM-signed with the sending identity's signer, then sent over a connection kept open between mails. One
 * instance is one connection of {@link SmtpSender}'s pool, used by one thread at a time, with signers of its own.
 */
final class SigningMailer implements CustomMailer {
    /** The signer per From address. */
    private final Map<String, DkimSigner> signers;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private Transport transport;
    private String lastReply;

    /** The server and credentials live here: the mailer's session carries only the transport strategy's TLS settings. */
    SigningMailer(Map<String, DkimSigner> signers, String host, int port, String username, String password) {
        this.signers = signers;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    @Override
    public void testConnection(OperationalConfig operationalConfig, Session session) {
        try {
            connected(session);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot connect to the SMTP server: " + e.getMessage(), e);
        }
    }

    @Override
    public void sendMessage(OperationalConfig operationalConfig, Session session, Email email, MimeMessage message) {
        lastReply = null;
        String from = email.getFromRecipient().getAddress();
        DkimSigner signer = signers.get(from);
        if (signer == null) {
            throw new IllegalStateException("no DKIM signer for " + from);
        }
        try {
            MimeMessage signed = new FixedIdDkimMessage(message, signer, email.getId());
            Transport open = connected(session);
            try {
                open.sendMessage(signed, signed.getAllRecipients());
            } finally {
                lastReply = open instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : null;
            }
        } catch (MessagingException e) {
            closeQuietly();
            throw new SmtpFailure(e, lastReply);
        }
    }

    /** The server's reply to the last mail sent through this mailer. */
    String lastReply() {
        return lastReply;
    }

    private Transport connected(Session session) throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            closeQuietly();
            transport = session.getTransport();
            transport.connect(host, port, username, password);
        }
        return transport;
    }

    void closeQuietly() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is being dropped either way
            }
            transport = null;
        }
    }

    /** Signing rewrites the message on write; this keeps the Message-ID derived from the offer. */
    private static final class FixedIdDkimMessage extends DkimMessage {
        private final String messageId;

        FixedIdDkimMessage(MimeMessage message, DkimSigner signer, String messageId) throws MessagingException {
            super(message, signer);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** A failed send, with the server's reply; simplejavamail wraps it, so it carries what classification needs. */
    static final class SmtpFailure extends RuntimeException {
        final String reply;

        SmtpFailure(MessagingException cause, String reply) {
            super(cause.getMessage(), cause);
            this.reply = reply;
        }
    }
}
