package dev.upshift.jobs.replies.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading an agent's mailbox over real IMAP (GreenMail) from a UIDVALIDITY + UID cursor, without marking anything seen. */
class MailboxReaderTest {
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    private static final Path CORPUS = Path.of("src/test/resources/replies");

    private GreenMailUser user;
    private MailboxReader.Mailbox mailbox;

    @BeforeEach
    void setUp() {
        user = GREEN_MAIL.setUser("replies@agents.test", "replies", "secret");
        mailbox = new MailboxReader.Mailbox("imap", "127.0.0.1", GREEN_MAIL.getImap().getPort(), "replies", "secret", "INBOX");
    }

    @Test
    void readsOnlyWhatIsNewAfterTheCursorAndMarksNothingSeen() throws Exception {
        deliver("01-interested.eml", "22-not-now.eml");
        try (MailboxReader reader = new MailboxReader(mailbox, Duration.ofSeconds(5))) {
            MailboxReader.Batch first = reader.readAfter(MailboxReader.Cursor.START, 100);
            assertThat(first.mails()).extracting(MailboxReader.Fetched::uid).containsExactly(1L, 2L);
            assertThat(new String(first.mails().get(0).raw())).contains("Message-ID: <reply-01@acme.example>");
            assertThat(first.resynchronized()).isFalse();

            MailboxReader.Batch nothingNew = reader.readAfter(first.next(), 100);
            assertThat(nothingNew.mails()).isEmpty();
            assertThat(nothingNew.next()).isEqualTo(first.next());

            deliver("40-unsubscribe.eml");
            MailboxReader.Batch third = reader.readAfter(nothingNew.next(), 100);
            assertThat(third.mails()).extracting(MailboxReader.Fetched::uid).containsExactly(3L);
            assertThat(third.next().lastUid()).isEqualTo(3L);
        }
        assertThat(seenFlags()).isZero();
    }

    @Test
    void aBatchStopsAtItsSizeAndTheNextContinuesWhereItStopped() throws Exception {
        deliver("01-interested.eml", "02-interested.eml", "03-interested.eml");
        try (MailboxReader reader = new MailboxReader(mailbox, Duration.ofSeconds(5))) {
            MailboxReader.Batch first = reader.readAfter(MailboxReader.Cursor.START, 2);
            assertThat(first.mails()).extracting(MailboxReader.Fetched::uid).containsExactly(1L, 2L);
            assertThat(reader.readAfter(first.next(), 2).mails()).extracting(MailboxReader.Fetched::uid).containsExactly(3L);
        }
    }

    @Test
    void aChangedUidValidityRereadsTheMailboxAndSaysSo() throws Exception {
        deliver("01-interested.eml", "02-interested.eml");
        try (MailboxReader reader = new MailboxReader(mailbox, Duration.ofSeconds(5))) {
            MailboxReader.Cursor current = reader.readAfter(MailboxReader.Cursor.START, 100).next();
            MailboxReader.Batch resync = reader.readAfter(new MailboxReader.Cursor(current.uidValidity() + 1, 2), 100);

            assertThat(resync.resynchronized()).isTrue();
            assertThat(resync.mails()).hasSize(2);
            assertThat(resync.next()).isEqualTo(current);
        }
    }

    private void deliver(String... files) throws Exception {
        for (String file : files) {
            try (InputStream in = Files.newInputStream(CORPUS.resolve(file))) {
                user.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
            }
        }
    }

    private long seenFlags() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", GREEN_MAIL.getImap().getPort(), "replies", "secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            long seen = 0;
            for (Message message : inbox.getMessages()) {
                seen += message.getFlags().contains(Flags.Flag.SEEN) ? 1 : 0;
            }
            inbox.close(false);
            return seen;
        } finally {
            store.close();
        }
    }
}
