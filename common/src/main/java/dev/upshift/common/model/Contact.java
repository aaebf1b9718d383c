package dev.upshift.common.model;

/** The customer's main contact for an account. Sensitive: sealed in state. */
public class Contact {
    public String name;
    public String email;
    /** An IANA zone id; mail goes out inside the send window in this zone. */
    public String timezone;
    /** A BCP 47 tag for money and dates in mail; the configured locale when absent. */
    public String locale;
    /** The Message-ID of an existing conversation with this contact; offers are threaded under it. */
    public String conversationId;

    public Contact() {}

    @Override
    public String toString() {
        return "Contact{redacted}";
    }
}
