package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.SendOutcome;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.MailDraft;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real mail through a real SMTP server (GreenMail), checked by an independent DKIM verifier (jDKIM). */
class SmtpSenderTest {
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path temp;

    private MailFixtures fixtures;
    private Delivery.Identity identity;

    @BeforeEach
    void setUp() {
        fixtures = new MailFixtures(temp);
        identity = fixtures.identity("csm-ada");
    }

    @Test
    void sendsASignedThreadedMailWithOneClickUnsubscribe() throws Exception {
        Contact contact = contact("<thread-1@customer.example>");
        SendOutcome outcome = send(draft("acme:limit_pressure:1767225600000"), contact);

        assertThat(outcome.status()).as(outcome.reply()).isEqualTo(SendOutcome.Status.SENT);
        assertThat(outcome.reply()).startsWith("250");
        assertThat(outcome.attempts()).isEqualTo(1);

        MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo(MailFixtures.mailKeys().messageId("acme:limit_pressure:1767225600000", MailFixtures.DOMAIN));
        assertThat(received.getHeader("From", null)).isEqualTo("Agent of csm-ada <csm-ada@" + MailFixtures.DOMAIN + ">");
        assertThat(received.getHeader("Reply-To", null)).isEqualTo("Agent of csm-ada <replies+csm-ada@" + MailFixtures.DOMAIN + ">");
        assertThat(received.getHeader("To", null)).isEqualTo("Grace Hopper <grace@customer.example>");
        assertThat(received.getHeader("In-Reply-To", null)).isEqualTo("<thread-1@customer.example>");
        assertThat(received.getHeader("References", null)).isEqualTo("<thread-1@customer.example>");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String token = MailFixtures.unsubscribeLinks().token("acme", "acme:limit_pressure:1767225600000", 0);
        assertThat(MimeUtility.unfold(received.getHeader("List-Unsubscribe", null))).isEqualTo(
                "<https://upshift.test/unsubscribe?token=" + token + ">, <mailto:unsubscribe@" + MailFixtures.DOMAIN
                        + "?subject=unsubscribe%20" + token + ">");
        assertThat(received.getHeader(OutgoingMail.OFFER_HEADER, null)).isEqualTo("acme:limit_pressure:1767225600000");
        assertThat(((String) received.getContent()).replace("\r\n", "\n")).isEqualTo(
                "Hi Grace,\n\nYou have used 92% of your 10,000 API calls this month.\n\n--\n"
                        + "Not interested in messages like this? Unsubscribe with one click: https://upshift.test/unsubscribe?token="
                        + token);

        SignatureRecord signature = fixtures.verify(raw(received)).get(0);
        assertThat(signature.getDToken()).isEqualTo(MailFixtures.DOMAIN);
        assertThat(signature.getSelector()).isEqualTo(MailFixtures.SELECTOR);
        assertThat(signature.getHeaders()).map(header -> header.toString().toLowerCase())
                .contains("from", "to", "subject", "message-id", "in-reply-to", "references", "list-unsubscribe",
                        "list-unsubscribe-post");
    }

    @Test
    void mailsSentInParallelOverThePooledConnectionsAllCarryValidSignatures() throws Exception {
        int mails = 40;
        try (SmtpSender sender = new SmtpSender(smtp(GREEN_MAIL.getSmtp().getPort()), null, Map.of(identity.fromAddress(), identity))) {
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Callable<SendOutcome>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < mails; i++) {
                MailDraft draft = draft("acme:parallel:" + i);
                sends.add(() -> sender.send(OutgoingMail.compose(draft, contact(null), identity, MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys())));
            }
            for (java.util.concurrent.Future<SendOutcome> outcome : threads.invokeAll(sends)) {
                assertThat(outcome.get().status()).isEqualTo(SendOutcome.Status.SENT);
            }
            threads.shutdown();
        }
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(mails).allSatisfy(message -> assertThat(fixtures.verify(raw(message))).hasSize(1));
    }

    @Test
    void theSignatureCoversTheOneClickHeader() throws Exception {
        send(draft("acme:seat_growth:1767225600000"), contact(null));
        String tampered = new String(raw(GREEN_MAIL.getReceivedMessages()[0]), StandardCharsets.UTF_8)
                .replace("List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Unsubscribe-Post: List-Unsubscribe=Two-Clicks");

        assertThrows(PermFailException.class, () -> fixtures.verify(tampered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnreachableServerIsTransientAfterEveryAttempt() throws Exception {
        Delivery.Smtp smtp = smtp(freePort());
        try (SmtpSender sender = new SmtpSender(new Delivery.Smtp(smtp.host(), smtp.port(), smtp.transport(), "", "",
                Duration.ofSeconds(2), 2, Duration.ofMillis(10), 1), null, Map.of(identity.fromAddress(), identity))) {
            SendOutcome outcome = sender.send(OutgoingMail.compose(draft("acme:x:1"), contact(null), identity,
                    MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys()));
            assertThat(outcome.status()).isEqualTo(SendOutcome.Status.TRANSIENT);
            assertThat(outcome.attempts()).isEqualTo(2);
            assertThat(outcome.reply()).contains("ConnectException");
        }
    }

    @Test
    void theConfiguredCredentialsAreUsed() throws Exception {
        GREEN_MAIL.setUser("agent@" + MailFixtures.DOMAIN, "agent", "right-password");
        Delivery.Smtp plain = smtp(GREEN_MAIL.getSmtp().getPort());
        Delivery.Smtp authenticated = new Delivery.Smtp(plain.host(), plain.port(), "SMTP", "agent", "", plain.timeout(), 1, plain.backoff(), 1);
        try (SmtpSender wrong = new SmtpSender(authenticated, "wrong-password", Map.of(identity.fromAddress(), identity));
                SmtpSender right = new SmtpSender(authenticated, "right-password", Map.of(identity.fromAddress(), identity))) {
            SendOutcome refused = wrong.send(OutgoingMail.compose(draft("acme:x:3"), contact(null), identity, MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys()));
            assertThat(refused.status()).isNotEqualTo(SendOutcome.Status.SENT);
            assertThat(refused.reply()).contains("535");
            assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();

            SendOutcome sent = right.send(OutgoingMail.compose(draft("acme:x:3"), contact(null), identity, MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys()));
            assertThat(sent.status()).isEqualTo(SendOutcome.Status.SENT);
        }
    }

    @Test
    void requiredTlsIsNeverDowngradedToPlainText() throws Exception {
        Delivery.Smtp plain = smtp(GREEN_MAIL.getSmtp().getPort());
        Delivery.Smtp startTls = new Delivery.Smtp(plain.host(), plain.port(), "SMTP_TLS", "", "", plain.timeout(), 1, plain.backoff(), 1);
        try (SmtpSender sender = new SmtpSender(startTls, null, Map.of(identity.fromAddress(), identity))) {
            SendOutcome outcome = sender.send(OutgoingMail.compose(draft("acme:x:2"), contact(null), identity,
                    MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys()));
            assertThat(outcome.status()).isEqualTo(SendOutcome.Status.TRANSIENT);
            assertThat(outcome.reply()).contains("STARTTLS is required but host does not support STARTTLS");
        }
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void fiveHundredRepliesArePermanentAndFourHundredsTransient() {
        assertThat(SmtpSender.classify(new SMTPSendFailedException("DATA", 554, "554 5.7.1 rejected", null, null, null, null)))
                .isEqualTo(SendOutcome.Status.PERMANENT);
        assertThat(SmtpSender.classify(new SMTPAddressFailedException(null, "RCPT", 550, "550 5.1.1 no such user")))
                .isEqualTo(SendOutcome.Status.PERMANENT);
        assertThat(SmtpSender.classify(new SMTPSendFailedException("DATA", 451, "451 4.3.0 try later", null, null, null, null)))
                .isEqualTo(SendOutcome.Status.TRANSIENT);
        assertThat(SmtpSender.classify(new IllegalStateException(new java.net.SocketTimeoutException("read timed out"))))
                .isEqualTo(SendOutcome.Status.TRANSIENT);
        assertThat(SmtpSender.classify(new IllegalStateException(new NullPointerException("Cannot invoke \"String.length()\""))))
                .as("the library tripping over the message itself").isEqualTo(SendOutcome.Status.UNSENDABLE);
    }

    private SendOutcome send(MailDraft draft, Contact contact) throws InterruptedException {
        try (SmtpSender sender = new SmtpSender(smtp(GREEN_MAIL.getSmtp().getPort()), null, Map.of(identity.fromAddress(), identity))) {
            return sender.send(OutgoingMail.compose(draft, contact, identity, MailFixtures.unsubscribeLinks(), MailFixtures.mailKeys()));
        }
    }

    static Delivery.Smtp smtp(int port) {
        return new Delivery.Smtp("127.0.0.1", port, "SMTP", "", "UPSHIFT_SMTP_PASSWORD", Duration.ofSeconds(5), 3, Duration.ofMillis(10), 4);
    }

    private static MailDraft draft(String offerId) {
        MailDraft draft = new MailDraft();
        draft.offerId = offerId;
        draft.accountId = "acme";
        draft.subject = "Room to grow on Acme's plan";
        draft.body = "Hi Grace,\n\nYou have used 92% of your 10,000 API calls this month.";
        return draft;
    }

    private static Contact contact(String conversationId) {
        Contact contact = new Contact();
        contact.name = "Grace Hopper";
        contact.email = "grace@customer.example";
        contact.conversationId = conversationId;
        return contact;
    }

    private static byte[] raw(MimeMessage message) {
        return GreenMailUtil.getWholeMessage(message).getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
