package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.logic.OfferCandidates;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.PlaybookDecisions;
import dev.upshift.common.model.SignalType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every mail to an owner, for every playbook and offer kind, reads as words: no null, no "?" for a missing figure, no enum names. */
class HandOffRenderingTest {
    private static final Delivery DELIVERY = ConfigLoader.defaults().delivery();
    private static final Delivery.Identity IDENTITY = new Delivery.Identity("dana@agents.example", "Dana", "Dana\nCustomer Success",
            "dana@agents.example", null, null, "dana@owners.example", null);
    private static final long DECIDED = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
    private static final List<ReplyPlaybook.Act> TO_OWNER = Arrays.stream(ReplyPlaybook.Act.values())
            .filter(act -> !act.toCustomer() && act != ReplyPlaybook.Act.FORWARD_UNMATCHED).toList();
    /** Signal ids, offer kinds, reply labels and evidence triggers: the names code uses, which an owner should not have to read. */
    private static final Pattern RAW_NAMES = Pattern.compile(String.join("|", Stream.of(
            SignalType.ids().stream(), Stream.of(OfferCandidates.UPSELL, OfferCandidates.SEAT_EXPANSION, OfferCandidates.ANNUAL_PLAN,
                    OfferCandidates.CROSS_SELL, OfferCandidates.EDUCATION, "hard_wall", "events_in_window", "baseline_drop",
                    "baseline_growth", "consecutive_weeks", "seat_threshold")).flatMap(names -> names).map(name -> "\\b" + name + "\\b").toList()));

    @ParameterizedTest
    @EnumSource(SignalType.class)
    void everyMailToTheOwnerReadsAsWords(SignalType signal) {
        DeliveryRecord thread = thread(PlaybookDecisions.of(signal, DECIDED));
        for (ReplyPlaybook.Act act : TO_OWNER) {
            String body = ReplyMails.compose(act, thread, reply(), IDENTITY, DELIVERY).body();
            String facts = body.substring(body.indexOf("\nSignal: "), body.indexOf("\nThe thread so far:"));
            assertThat(facts).as("%s, %s", signal, act).doesNotContain("null").doesNotContain("?").doesNotContainPattern(RAW_NAMES);
        }
    }

    @Test
    void anEducationTouchOffersNothingAndQuotesTheDrop() {
        String body = ReplyMails.compose(ReplyPlaybook.Act.HAND_TO_OWNER, thread(PlaybookDecisions.of(SignalType.USAGE_DROP, DECIDED)),
                reply(), IDENTITY, DELIVERY).body();
        assertThat(body).contains("""
                Signal: usage dropping
                Evidence, as the mail put it: "your API calls went from about 8 a week to 3"
                Account: on the team plan, segment smb
                Offer: nothing to buy: a note to help them get value from what they have, offer 60c31404-66b3-30c1-85ba-d233bfb3bd97""");
    }

    @Test
    void anUpgradeNamesItsTierAndValue() {
        OfferDecision seats = PlaybookDecisions.of(SignalType.SEAT_GROWTH, DECIDED);
        seats.annualRevenue = 2880.0;
        String body = ReplyMails.compose(ReplyPlaybook.Act.NOTIFY_OWNER_OF_YES, thread(seats), reply(), IDENTITY, DELIVERY).body();
        assertThat(body).contains("""
                Signal: seats added
                Evidence, as the mail put it: "you added 2 seats in the last 7 days"
                Account: on the team plan, segment smb
                Offer: 24 seats on the team plan, $2,880.00 a year, offer 60c31404-66b3-30c1-85ba-d233bfb3bd97""");
    }

    private static DeliveryRecord thread(OfferDecision decision) {
        decision.segment = "smb";
        decision.offerId = "60c31404-66b3-30c1-85ba-d233bfb3bd97";
        DeliveryRecord thread = new DeliveryRecord();
        thread.accountId = "acme";
        thread.offerId = decision.offerId;
        thread.subject = "Room to grow at Acme";
        thread.body = "Hi Grace, ...";
        thread.decision = decision;
        return thread;
    }

    private static ReceivedReply reply() {
        ReplyClassification classification = new ReplyClassification();
        classification.label = "question";
        classification.reason = "matched \"how\"";
        classification.bounceStatus = "5.1.1";
        ReceivedReply reply = new ReceivedReply();
        reply.classification = classification;
        reply.text = "How does billing work";
        reply.senderAddress = "grace@acme.example";
        return reply;
    }
}
