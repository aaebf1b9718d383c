package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import org.junit.jupiter.api.Test;

/** The records a send leaves behind, exactly, for each way it can end. */
class SettlementsTest {
    private static final long NOW = 1_767_225_600_000L;
    private static final String MESSAGE_ID = "<acme.limit_pressure@agents.example.com>";
    private static final Delivery.Identity IDENTITY = new Delivery.Identity("csm-1@agents.example.com", "Alex", "Alex",
            "replies+csm-1@agents.example.com", null, new Delivery.Dkim("agents.example.com", "upshift", "/dkim.pem"),
            "alex@acme.example.com", null);
    private final Settlements settlements = new Settlements("v7");

    @Test
    void aSentOfferMailKeepsWhatTheReplyReaderNeedsToFollowItsThread() {
        Settlements.Settlement settled = settlements.sent(offerMail(), IDENTITY, MESSAGE_ID, "contact-key",
                new SendOutcome(SendOutcome.Status.SENT, "250 OK queued", 1), NOW);

        assertThat(Json.toText(settled.outcome())).isEqualTo(Json.toText(expectedSent()));
        assertThat(settled.audit().auditId).isEqualTo("acme:limit_pressure:1:sent");
        assertThat(settled.audit().delivery.identity).isEqualTo("csm-1@agents.example.com");
        assertThat(settled.audit().delivery.messageId).isEqualTo(MESSAGE_ID);
        assertThat(settled.audit().delivery.smtpReply).isEqualTo("250 OK queued");
        assertThat(settled.audit().configVersion).isEqualTo("v7");
        assertThat(settled.deadLetter()).isNull();
    }

    @Test
    void aRefusedMailFailsWithADeadLetterAndATransientOneIsDeferredWithout() {
        Settlements.Settlement refused = settlements.sent(offerMail(), IDENTITY, MESSAGE_ID, "contact-key",
                new SendOutcome(SendOutcome.Status.PERMANENT, "550 no such user jane@acme.example.com", 1), NOW);
        assertThat(refused.outcome().status).isEqualTo(DeliveryRecord.FAILED);
        assertThat(refused.outcome().body).isNull();
        assertThat(refused.deadLetter().reason).isEqualTo("smtp_rejected");
        assertThat(refused.deadLetter().detail).isEqualTo("550 no such user [address]");

        Settlements.Settlement deferred = settlements.sent(offerMail(), IDENTITY, MESSAGE_ID, "contact-key",
                new SendOutcome(SendOutcome.Status.TRANSIENT, "421 try later", 3), NOW);
        assertThat(deferred.outcome().status).isEqualTo(DeliveryRecord.DEFERRED);
        assertThat(deferred.audit().delivery.detail).isEqualTo("transient SMTP failure after 3 attempts; retried at the next commit");
        assertThat(deferred.deadLetter()).isNull();
    }

    @Test
    void anUncertainSendIsReportedAndACancelledOneIsNot() {
        DeliveryRecord begun = settlements.begun(offerMail(), IDENTITY, MESSAGE_ID, NOW);
        assertThat(begun.status).isEqualTo(DeliveryRecord.SENDING);

        Settlements.Settlement uncertain = settlements.uncertain(offerMail(), begun, IDENTITY, MESSAGE_ID, NOW + 1);
        assertThat(uncertain.outcome().status).isEqualTo(DeliveryRecord.UNCERTAIN);
        assertThat(uncertain.deadLetter().detail)
                .isEqualTo("a send of " + MESSAGE_ID + " began but its outcome was never recorded; not sent again");

        Settlements.Settlement cancelled = settlements.cancelled(offerMail(), null, null, NOW);
        assertThat(cancelled.outcome().status).isEqualTo(DeliveryRecord.CANCELLED);
        assertThat(cancelled.outcome().identity).isNull();
        assertThat(cancelled.audit().delivery.stage).isEqualTo("cancelled");
        assertThat(cancelled.deadLetter()).isNull();
    }

    private static MailDraft offerMail() {
        MailDraft mail = new MailDraft();
        mail.offerId = "acme:limit_pressure:1";
        mail.accountId = "acme";
        mail.ownerId = "csm-1";
        mail.subject = "Room to grow";
        mail.body = "Hello";
        mail.decision = new OfferDecision();
        mail.decision.signal = "limit_pressure";
        return mail;
    }

    private static DeliveryRecord expectedSent() {
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = "acme:limit_pressure:1";
        record.kind = DeliveryRecord.OFFER;
        record.offerId = "acme:limit_pressure:1";
        record.accountId = "acme";
        record.ownerId = "csm-1";
        record.status = DeliveryRecord.SENT;
        record.identity = "csm-1@agents.example.com";
        record.messageId = MESSAGE_ID;
        record.smtpReply = "250 OK queued";
        record.attempts = 1;
        record.recordedAt = NOW;
        record.subject = "Room to grow";
        record.body = "Hello";
        record.decision = offerMail().decision;
        record.contactKey = "contact-key";
        return record;
    }
}
