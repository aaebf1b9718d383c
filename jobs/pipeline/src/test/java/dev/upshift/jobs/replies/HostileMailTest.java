package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.RuleClassifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Mail built to hurt: megabyte bodies aimed at backtracking patterns, and MIME that real servers get wrong. Reading
 * never fails, and classifying a 1 MB hostile body stays linear. The time limit is a guard against super-linear
 * work (the regexes this replaced took about 40 minutes on the first body), not a speed measurement: a linear pass
 * over 1 MB takes milliseconds.
 */
class HostileMailTest {
    private static final int MEGABYTE = 1024 * 1024;
    private static final Duration LINEAR = Duration.ofSeconds(5);

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                Arguments.of("text/html", "<".repeat(MEGABYTE), "question"),
                Arguments.of("text/html", "<a".repeat(MEGABYTE / 2), "question"),
                Arguments.of("text/html", "<div>".repeat(MEGABYTE / 5), "question"),
                Arguments.of("text/html", "<style>" + "x".repeat(MEGABYTE) , "question"),
                Arguments.of("text/plain", "On " + " ".repeat(MEGABYTE) + "\n" + " ".repeat(MEGABYTE / 2), "question"),
                Arguments.of("text/plain", "From: x\n" + "Sent: ".repeat(MEGABYTE / 6), "question"),
                Arguments.of("text/plain", "wrong person " + "a".repeat(MEGABYTE), "wrong_person"),
                Arguments.of("text/plain", "not now " + "1.".repeat(MEGABYTE / 2), "not_now"),
                Arguments.of("text/plain", "-".repeat(MEGABYTE), "question"),
                Arguments.of("text/plain", ">".repeat(MEGABYTE), "question"));
    }

    @ParameterizedTest
    @MethodSource("hostileBodies")
    void aMegabyteHostileBodyIsClassifiedInLinearTime(String type, String body, String label) {
        byte[] raw = message("Subject: Re: Room to grow\r\nContent-Type: " + type + "; charset=utf-8\r\n", body);
        ReplyClassification classification = assertTimeoutPreemptively(LINEAR,
                () -> RuleClassifier.classify(InboundMails.read(raw, 0, 2 * MEGABYTE)));
        assertThat(classification.label).isEqualTo(label);
    }

    @Test
    void onlyTheFirstMaxMessageBytesAreRead() {
        byte[] raw = message("Subject: Re: Room to grow\r\nContent-Type: text/plain\r\n", "Yes please.\r\n" + "x".repeat(200_000) + "\r\nunsubscribe");
        InboundMail mail = InboundMails.read(raw, 0, 65_536);
        assertThat(mail.text()).startsWith("Yes please.").doesNotContain("unsubscribe");
        assertThat(mail.text().length()).isLessThan(65_536);
        assertThat(RuleClassifier.classify(mail).label).isEqualTo("interested");
    }

    @Test
    void anEmptyOrInvalidFromLeavesTheSenderUnknown() {
        assertThat(InboundMails.read(message("From: \r\nSubject: hi\r\n", "Yes."), 0, MEGABYTE).from()).isNull();
        assertThat(InboundMails.read(message("From: <>\r\nSubject: hi\r\n", "Yes."), 0, MEGABYTE).from()).isNull();
        InboundMail broken = InboundMails.read(message("From: \"Grace <grace@acme.example\r\nSubject: hi\r\n", "Yes."), 0, MEGABYTE);
        assertThat(broken.from()).isEqualTo("grace@acme.example");
        assertThat(RuleClassifier.classify(broken).label).isEqualTo("interested");
    }

    @Test
    void aMultipartWithoutItsStartBoundaryIsReadAsText() {
        byte[] raw = message("From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"not-there\"\r\n",
                "This is the mail system at host mx.example.\r\n\r\n<grace@acme.example>: host mx.acme.example said: 550 5.1.1"
                        + " <grace@acme.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\r\n");
        InboundMail mail = InboundMails.read(raw, 0, MEGABYTE);
        assertThat(mail.text()).contains("User unknown");
        ReplyClassification classification = RuleClassifier.classify(mail);
        assertThat(classification.label).isEqualTo("hard_bounce");
        assertThat(classification.bounceStatus).isEqualTo("5.1.1");
    }

    @Test
    void utf7IsDecodedAndAnUnknownCharsetGivesReplacementCharacters() {
        InboundMail utf7 = InboundMails.read(message("Subject: Re: hi\r\nContent-Type: text/plain; charset=unicode-1-1-utf-7\r\n",
                "Gr+APw-+AN8-e, yes +-1"), 0, MEGABYTE);
        assertThat(utf7.text()).isEqualTo("Grüße, yes +1");
        InboundMail unknown = InboundMails.read(("Subject: Re: hi\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nYes \u00e9")
                .getBytes(StandardCharsets.ISO_8859_1), 0, MEGABYTE);
        assertThat(unknown.text()).isEqualTo("Yes \uFFFD");
    }

    @Test
    void bytesThatAreNoMailAtAllStillGiveAMail() {
        InboundMail mail = InboundMails.read(new byte[] {0, (byte) 0xff, '\r', '\n', ':', 0}, 0, MEGABYTE);
        assertThat(RuleClassifier.classify(mail).label).isEqualTo("question");
    }

    private static byte[] message(String headers, String body) {
        return (headers + "MIME-Version: 1.0\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }
}
