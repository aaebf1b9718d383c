package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.Settlements.Settlement;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.MailDraft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committer's decisions against real mail servers: what the ledger says was settled is never sent again, a
 * send that began but never ended is reported as uncertain instead of repeated, and a refusal for good is
 * dead-lettered with the server's reply. The journal here is an in-memory one; the Kafka journal runs in
 * MailFailoverIT.
 */
class MailCommitterTest {
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String AGENT_SECRET = "a test secret of enough bytes";

    @TempDir
    Path temp;

    private final MemoryJournal journal = new MemoryJournal();
    private MailFixtures fixtures;

    @BeforeEach
    void setUp() {
        System.setProperty("UPSHIFT_UNSUBSCRIBE_SECRET", AGENT_SECRET);
        fixtures = new MailFixtures(temp);
    }

    @Test
    void sendsWhatTheLedgerHasNotSettledAndSkipsTheRest() throws Exception {
        journal.seed("already-sent", DeliveryRecord.SENT);
        journal.seed("was-deferred", DeliveryRecord.DEFERRED);
        List<Request> requests = List.of(new Request(mail("already-sent")), new Request(mail("was-deferred")), new Request(mail("fresh")));

        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(new ArrayList<>(requests));
        }

        assertThat(requests).extracting(request -> request.outcome).containsExactly("already_committed", "committed", "committed");
        assertThat(GREEN_MAIL.getReceivedMessages()).extracting(message -> message.getHeader(OutgoingMail.OFFER_HEADER, null))
                .containsExactlyInAnyOrder("was-deferred", "fresh");
        assertThat(journal.written).extracting(record -> record.offerId + ":" + record.status).containsExactly(
                "was-deferred:sending", "fresh:sending", "was-deferred:sent", "fresh:sent");
        assertThat(journal.audit).containsExactly("was-deferred:sent", "fresh:sent");
    }

    @Test
    void aSendThatBeganButNeverEndedIsReportedUncertainAndNotRepeated() throws Exception {
        journal.seed("interrupted", DeliveryRecord.SENDING);
        Request request = new Request(mail("interrupted"));

        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(List.of(request));
        }

        assertThat(request.outcome).isEqualTo("already_committed");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        assertThat(journal.written).extracting(record -> record.status).containsExactly("uncertain");
        assertThat(journal.deadLetters).extracting(letter -> letter.get(0), letter -> letter.get(1)).containsExactly(
                tuple("delivery_uncertain", "a send of <upshift.interrupted@" + MailFixtures.DOMAIN
                        + "> began but its outcome was never recorded; not sent again"));
    }

    @Test
    void aRefusalForGoodIsDeadLetteredAndAuditedWithTheServersReplyWithoutTheAddressItEchoes() throws Exception {
        Request request = new Request(mail("refused"));
        try (RefusingSmtpServer server = new RefusingSmtpServer();
                MailCommitter committer = new MailCommitter(config(server.port()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(List.of(request));
        }

        String refusal = String.format(RefusingSmtpServer.REFUSAL, Addresses.REDACTED);
        assertThat(request.outcome).isEqualTo("committed");
        assertThat(journal.written).extracting(record -> record.status + " " + record.smtpReply + " " + record.attempts)
                .containsExactly("sending null null", "failed " + refusal + " 1");
        assertThat(journal.audit).containsExactly("refused:failed");
        assertThat(journal.deadLetters).extracting(letter -> letter.get(0), letter -> letter.get(1))
                .containsExactly(tuple("smtp_rejected", refusal));
    }

    /**
     * Mails that can never be sent: each is settled as failed after its one attempt (or none, without an identity),
     * dead-lettered and audited, and the commit goes on.
     */
    static Stream<Arguments> unsendable() {
        MailDraft invalidAddress = mail("bad-address", MailFixtures.offerRequestTo("grace@@acme..example"));
        MailDraft headerInjection = mail("crlf-subject");
        headerInjection.subject = "Room to grow\r\nBcc: everyone@evil.example";
        MailDraft identityGone = mail("identity-gone");
        identityGone.ownerId = "csm-who-left";
        return Stream.of(
                Arguments.of(invalidAddress, "Invalid TO address", 1),
                Arguments.of(headerInjection, "Suspected of injection attack", 1),
                Arguments.of(identityGone, "the owner csm-who-left has no agent identity in the config any more", 0));
    }

    @ParameterizedTest
    @MethodSource("unsendable")
    void aMailThatCanNeverBeSentFailsAtOnceWithADeadLetterAndTheCommitGoesOn(MailDraft unsendable, String why, int attempts)
            throws Exception {
        Request bad = new Request(unsendable);
        Request good = new Request(mail("fine"));
        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(new ArrayList<>(List.of(bad, good)));
        }

        assertThat(bad.outcome).as("settled, not retried").isEqualTo("committed");
        assertThat(GREEN_MAIL.getReceivedMessages()).extracting(message -> message.getHeader(OutgoingMail.OFFER_HEADER, null))
                .containsExactly("fine");
        assertThat(journal.written).filteredOn(record -> record.offerId.equals(unsendable.offerId))
                .extracting(record -> record.status + " " + record.attempts).containsExactly("sending null", "failed " + attempts);
        assertThat(journal.audit).containsExactly(unsendable.offerId + ":failed", "fine:sent");
        assertThat(journal.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.get(0)).isEqualTo("undeliverable");
            assertThat(letter.get(1)).contains(why).doesNotContain("grace@");
        });
    }

    @Test
    void aDeferredMailWhoseContactOptedOutMeanwhileIsCancelledNotSent() throws Exception {
        journal.seed("deferred-then-unsubscribed", DeliveryRecord.DEFERRED);
        journal.suppressed.add(new MailKeys(AGENT_SECRET.getBytes(StandardCharsets.UTF_8)).addressKey("grace@acme.example"));
        Request request = new Request(mail("deferred-then-unsubscribed"));
        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(List.of(request));
        }

        assertThat(request.outcome).isEqualTo("committed");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        assertThat(journal.written).extracting(record -> record.status).containsExactly("cancelled");
        assertThat(journal.audit).containsExactly("deferred-then-unsubscribed:cancelled");
        assertThat(journal.deadLetters).isEmpty();
    }

    @Test
    void aDeferredMailIsCancelledByAnOptOutOnTheFeedbackTopicAfterItWasDraftedButNotByAnEarlierOne() throws Exception {
        journal.seed("opted-out-after", DeliveryRecord.DEFERRED);
        journal.seed("opted-out-before", DeliveryRecord.DEFERRED);
        MailDraft after = mail("opted-out-after");
        MailDraft before = mail("opted-out-before");
        before.accountId = "globex";
        journal.optOuts.put("acme", MailFixtures.DECIDED_AT + 60_000);
        journal.optOuts.put("globex", MailFixtures.DECIDED_AT - 60_000); // the decision job had it, and decided anyway (a new contact)
        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(List.of(new Request(after), new Request(before)));
        }

        assertThat(journal.optOutsAskedSince).containsExactly(MailFixtures.DECIDED_AT);
        assertThat(journal.written).extracting(record -> record.offerId + " " + record.status)
                .containsExactlyInAnyOrder("opted-out-after cancelled", "opted-out-before sending", "opted-out-before sent");
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void theConfirmationOfAnUnsubscribeIsSentThoughItsRecipientIsOnTheList() throws Exception {
        journal.suppressed.add(new MailKeys(AGENT_SECRET.getBytes(StandardCharsets.UTF_8)).addressKey("grace@acme.example"));
        MailDraft confirmation = mail("o-confirm");
        confirmation.kind = MailDraft.REPLY;
        confirmation.recipient = "grace@acme.example";
        confirmation.mailId = MailKeys.followUpId("o-confirm", "confirm_unsubscribe", "<reply@acme.example>");
        confirmation.inReplyTo = "<reply@acme.example>";
        try (MailCommitter committer = new MailCommitter(config(GREEN_MAIL.getSmtp().getPort()), journal, new UnregisteredMetricsGroup())) {
            committer.commit(List.of(new Request(confirmation)));
        }

        assertThat(journal.written).extracting(record -> record.status).containsExactly("sending", "sent");
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    private UpshiftConfig config(int smtpPort) {
        UpshiftConfig defaults = ConfigLoader.defaults();
        Delivery d = defaults.delivery();
        Delivery delivery = new Delivery(true, d.locale(), d.currency(), d.metricNames(), d.templates(), d.review(), d.sendWindow(),
                new Delivery.Smtp("127.0.0.1", smtpPort, "SMTP", "", "UPSHIFT_SMTP_PASSWORD", Duration.ofSeconds(5), 2,
                        Duration.ofMillis(10), 2),
                d.unsubscribe(), d.llm(), d.replies(), Map.of("csm-ada", fixtures.identity("csm-ada")));
        return defaults.withDelivery(delivery);
    }

    private static MailDraft mail(String offerId) {
        return mail(offerId, MailFixtures.offerRequest());
    }

    private static MailDraft mail(String offerId, MailDraft mail) {
        mail.offerId = offerId;
        mail.subject = "Room to grow";
        mail.body = "Hi Grace,\n\nYou have used 96% of your 10 GB of storage.";
        mail.drafter = MailDraft.TEMPLATE;
        return mail;
    }

    /** A commit request that remembers how the committer settled it. */
    private static final class Request implements Committer.CommitRequest<MailDraft> {
        private final MailDraft mail;
        String outcome = "committed";

        Request(MailDraft mail) {
            this.mail = mail;
        }

        @Override
        public MailDraft getCommittable() {
            return mail;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = "failed";
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = "failed";
        }

        @Override
        public void retryLater() {
            outcome = "retry_later";
        }

        @Override
        public void updateAndRetryLater(MailDraft committable) {
            outcome = "retry_later";
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = "already_committed";
        }
    }

    /** The journal's contract, in memory. */
    private static final class MemoryJournal implements DeliveryJournal {
        final Map<String, DeliveryRecord> ledger = new HashMap<>();
        final List<DeliveryRecord> written = new ArrayList<>();
        final List<String> audit = new ArrayList<>();
        final List<List<String>> deadLetters = new ArrayList<>();
        final Set<String> suppressed = new HashSet<>();
        final Map<String, Long> optOuts = new HashMap<>();
        final List<Long> optOutsAskedSince = new ArrayList<>();

        void seed(String offerId, String status) {
            DeliveryRecord record = new DeliveryRecord();
            record.offerId = offerId;
            record.status = status;
            record.messageId = "<upshift." + offerId + "@" + MailFixtures.DOMAIN + ">";
            ledger.put(offerId, record);
        }

        @Override
        public Set<String> suppressedAmong(Collection<String> addressKeys) {
            return addressKeys.stream().filter(suppressed::contains).collect(Collectors.toSet());
        }

        @Override
        public Map<String, Long> optOutsSince(Collection<String> accountIds, long since) {
            optOutsAskedSince.add(since);
            Map<String, Long> found = new HashMap<>();
            accountIds.stream().filter(id -> optOuts.getOrDefault(id, Long.MIN_VALUE) >= since).forEach(id -> found.put(id, optOuts.get(id)));
            return found;
        }

        @Override
        public DeliveryRecord lastRecord(String offerId) {
            return ledger.get(offerId);
        }

        @Override
        public void begin(List<DeliveryRecord> sending) {
            sending.forEach(this::write);
        }

        @Override
        public void settle(List<Settlement> settlements) {
            for (Settlement settlement : settlements) {
                write(settlement.outcome());
                audit.add(settlement.audit().auditId);
                if (settlement.deadLetter() != null) {
                    deadLetters.add(List.of(settlement.deadLetter().reason, settlement.deadLetter().detail));
                }
            }
        }

        private void write(DeliveryRecord record) {
            written.add(record);
            ledger.put(record.offerId, record);
        }

        @Override
        public void close() {}
    }
}
