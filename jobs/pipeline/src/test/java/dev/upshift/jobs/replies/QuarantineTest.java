package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.OutputTags;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** A message whose processing always fails is tried {@code maxAttempts} times, dead-lettered with where it lies, and skipped. */
class QuarantineTest {
    /** Counted across the function's copies: the harness serializes the function it runs. */
    static final AtomicInteger ATTEMPTS_ON_UID_2 = new AtomicInteger();

    /** Fails every time on the message with UID 2, as a bug triggered by one message would. */
    static final class FailingOnUid2 extends ReadReplies {
        FailingOnUid2() {
            super(ConfigLoader.defaults().delivery());
        }

        @Override
        ReceivedReply reply(ReceivedMail mail) {
            if (mail.uid == 2) {
                ATTEMPTS_ON_UID_2.incrementAndGet();
                throw new IllegalStateException("cannot handle the reply of grace@acme.example");
            }
            return super.reply(mail);
        }
    }

    @Test
    void aMessageThatAlwaysFailsIsDeadLetteredAndTheMailboxGoesOn() throws Exception {
        System.setProperty("UPSHIFT_UNSUBSCRIBE_SECRET", "a test secret of enough bytes");
        ATTEMPTS_ON_UID_2.set(0);
        try (OneInputStreamOperatorTestHarness<ReceivedMail, ReceivedReply> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new FailingOnUid2())) {
            for (long uid = 1; uid <= 3; uid++) {
                harness.processElement(new StreamRecord<>(mail(uid), 0));
            }

            assertThat(harness.extractOutputValues()).extracting(reply -> reply.uid + " " + reply.classification.label)
                    .containsExactly("1 interested", "3 interested");
            assertThat(ATTEMPTS_ON_UID_2).hasValue(3);
            assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS)).extracting(StreamRecord::getValue).singleElement()
                    .satisfies(QuarantineTest::isQuarantinedUid2);
        }
    }

    private static void isQuarantinedUid2(DeadLetter letter) {
        assertThat(letter.reason).isEqualTo("quarantined_mail");
        assertThat(letter.detail).isEqualTo("processing failed 3 times: IllegalStateException: cannot handle the reply of [address]");
        assertThat(letter.source.mailbox).isEqualTo("agent-ada@mail.upshift.test");
        assertThat(letter.source.uidValidity).isEqualTo(7L);
        assertThat(letter.source.uid).isEqualTo(2L);
        assertThat(letter.payload).contains("Subject: Re: Room to grow").doesNotContain("grace@acme.example");
    }

    private static ReceivedMail mail(long uid) {
        ReceivedMail mail = new ReceivedMail();
        mail.ownerId = "csm-ada";
        mail.mailbox = "agent-ada@mail.upshift.test";
        mail.uidValidity = 7;
        mail.uid = uid;
        mail.receivedAt = 0;
        mail.raw = ("From: Grace <grace@acme.example>\r\nSubject: Re: Room to grow\r\nMessage-ID: <m" + uid + "@acme.example>\r\n\r\nYes, let's do it.")
                .getBytes(StandardCharsets.US_ASCII);
        return mail;
    }
}
