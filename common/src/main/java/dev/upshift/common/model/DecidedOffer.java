package dev.upshift.common.model;

/**
 * A decision on its way from the offer decisions (keyed by account) to the suppression list (keyed by the
 * contact's address key), which has the last word: the signal it is about (absent for a withdrawal), the mail to
 * draft when it is a request, and the address key of the account's contact when it was known.
 */
public class DecidedOffer {
    public Signal signal;
    public OfferDecision decision;
    public MailDraft mail;
    public String contactKey;

    public DecidedOffer() {}

    public static DecidedOffer of(Signal signal, OfferDecision decision, MailDraft mail, String contactKey) {
        DecidedOffer decided = new DecidedOffer();
        decided.signal = signal;
        decided.decision = decision;
        decided.mail = mail;
        decided.contactKey = contactKey;
        return decided;
    }

    /** The suppression list's key: the contact's address key, or the account for a decision without a known contact. */
    public String suppressionKey() {
        return contactKey != null ? contactKey : "account:" + decision.accountId;
    }
}
