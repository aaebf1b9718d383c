package dev.upshift.common.model;

/** The customer's main contact for an account. */
public class Contact {
    public String name;
    public String email;
    public String timezone;

    public Contact() {}
}
