package dev.upshift.jobs.replies;

import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.OfferDecision;

/** An offer mail as the delivery ledger records it once sent: what the reply desk follows a thread by. */
final class ReplyFixtures {
    private ReplyFixtures() {}

    /** Offer {@code o1} of account {@code acme}, owner {@code csm-ada}, mailed to the contact with {@code contactKey}. */
    static DeliveryRecord sentOfferMail(String contactKey, long sentAt) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = "o1";
        decision.signal = "limit_pressure";
        decision.segment = "smb";
        decision.kind = "upsell";
        decision.target = "team";
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = "o1";
        record.kind = DeliveryRecord.OFFER;
        record.offerId = "o1";
        record.accountId = "acme";
        record.ownerId = "csm-ada";
        record.status = DeliveryRecord.SENT;
        record.messageId = "<upshift.offer-mail@agents.test>";
        record.subject = "Room to grow";
        record.body = "Hi Dana,";
        record.contactKey = contactKey;
        record.decision = decision;
        record.recordedAt = sentAt;
        return record;
    }
}
