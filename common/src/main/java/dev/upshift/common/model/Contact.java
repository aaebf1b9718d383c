package dev.upshift.common.model;

/** The customer's main contact for an account. Sensitive: sealed in state. */
public class Contact {
    public String name;
    public String email;
    public String timezone;

    public Contact() {}

    @Override
    public String toString() {
        return "Contact{redacted}";
    }
}
