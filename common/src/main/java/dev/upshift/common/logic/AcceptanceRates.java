package dev.upshift.common.logic;

/** Observed outcomes of past offers, by signal and segment, as of a moment in event time. */
public interface AcceptanceRates {
    /** A signal and segment with no outcomes yet. */
    Observed NONE = new Observed(0, 0);

    record Observed(long accepted, long resolved) {}

    Observed observed(String signal, String segment, long asOf);
}
