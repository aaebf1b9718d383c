package dev.upshift.jobs.replies.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.upshift.common.config.Delivery;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IMAP source's reader against real IMAP (GreenMail): it reads from the cursor, and IDLE wakes it for new mail. */
class MailboxSplitReaderTest {
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    private static final Path CORPUS = Path.of("src/test/resources/replies");
    private static final String MAILBOX = "replies+csm-ada@agents.test";
    /** Far longer than any test waits: only IDLE can make a waiting read return in time. */
    private static final Duration POLL_EVERY = Duration.ofMinutes(10);

    private GreenMailUser user;

    @BeforeEach
    void setUp() {
        user = GREEN_MAIL.setUser(MAILBOX, MAILBOX, "secret");
    }

    @Test
    void readsFromTheCursorThenIdleWakesAWaitingReadForNewMail() throws Exception {
        deliver("01-interested.eml", "22-not-now.eml");
        MailboxSplitReader reader = new MailboxSplitReader(imap(), "secret", false);
        try {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(new MailboxSplit("csm-ada", MAILBOX, new MailboxReader.Cursor(0, 0)))));
            assertThat(uids(reader.fetch())).containsExactly(1L, 2L);

            CompletableFuture<List<Long>> waiting = CompletableFuture.supplyAsync(() -> uids(reader.fetch()));
            Thread.sleep(500);
            assertThat(waiting).as("nothing new: the read waits").isNotDone();
            deliver("40-unsubscribe.eml");
            assertThat(waiting.get(30, TimeUnit.SECONDS)).as("IDLE reported the new mail long before the next poll").isEmpty();
            assertThat(uids(reader.fetch())).containsExactly(3L);
        } finally {
            reader.close();
        }
    }

    @Test
    void aBoundedReadFinishesEachMailboxAtItsEnd() throws Exception {
        deliver("01-interested.eml");
        MailboxSplitReader reader = new MailboxSplitReader(imap(), "secret", true);
        try {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(new MailboxSplit("csm-ada", MAILBOX, new MailboxReader.Cursor(0, 0)))));
            assertThat(uids(reader.fetch())).containsExactly(1L);
            assertThat(reader.fetch().finishedSplits()).containsExactly(MAILBOX);
        } finally {
            reader.close();
        }
    }

    private static Delivery.Imap imap() {
        return new Delivery.Imap("imap", "127.0.0.1", GREEN_MAIL.getImap().getPort(), "UNUSED", "INBOX", Duration.ofSeconds(5),
                POLL_EVERY, Duration.ofMillis(100), 100);
    }

    private static List<Long> uids(RecordsWithSplitIds<ReceivedMail> records) {
        List<Long> uids = new ArrayList<>();
        while (records.nextSplit() != null) {
            ReceivedMail mail;
            while ((mail = records.nextRecordFromSplit()) != null) {
                uids.add(mail.uid);
            }
        }
        return uids;
    }

    private void deliver(String... files) throws Exception {
        for (String file : files) {
            try (InputStream in = Files.newInputStream(CORPUS.resolve(file))) {
                user.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
            }
        }
    }
}
