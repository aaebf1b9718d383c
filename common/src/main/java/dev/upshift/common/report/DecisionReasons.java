package dev.upshift.common.report;

import java.util.Map;

/**
 * Why an account was or wasn't contacted, in the words a CS owner uses: one sentence per offer decision
 * {@code reason} of the contract (docs/contracts.md, "Offer decisions").
 */
public final class DecisionReasons {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("holdout", "The account is in the holdout group: the offer was recorded but never sent, so that its lift can be measured."),
            Map.entry("opted_out", "The account opted out, or its contact's address is on the suppression list: it is never mailed."),
            Map.entry("contract_locked", "The contract is locked (not upgrade-eligible): the signal was handed to the owner instead of mailed."),
            Map.entry("new_account", "The account is new: no offers during its first weeks."),
            Map.entry("support_ticket", "The account opened a problem ticket shortly before: no pitches while it is being helped."),
            Map.entry("at_risk", "Usage is dropping: pitches are held back while the account is at risk."),
            Map.entry("paused_after_decline", "The customer declined an offer recently: the account is paused."),
            Map.entry("paused_after_no_response", "The customer did not answer the last offer: the account is paused."),
            Map.entry("cooldown", "An offer of the same kind or target went out recently: this one waits for the cooldown."),
            Map.entry("frequency_cap", "Two offers already went out within the cap's window: never a third."),
            Map.entry("upsell_first", "A limit is blocking the account: its upsell goes before this cross-sell."),
            Map.entry("outranked", "Another signal's offer was worth more at the same moment."),
            Map.entry("no_upgrade_path", "No higher plan removes the need (for example, the account is already on the top plan)."),
            Map.entry("already_annual", "The account already pays annually."),
            Map.entry("addon_owned", "The account already has this add-on."),
            Map.entry("addon_not_offered", "The account's plan may not buy this add-on."),
            Map.entry("unknown_plan", "The account's plan is no longer in the catalog."),
            Map.entry("unknown_account", "No account record was known for it."),
            Map.entry("accepted_other_offer", "The account accepted another offer, so this one was withdrawn."));

    private DecisionReasons() {}

    /** The reason in words; an unknown code (from a newer job) is shown as it is, never hidden. */
    public static String inWords(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        return WORDS.getOrDefault(reason, "Reason: " + reason + ".");
    }

    /** Whether every reason in {@code reasons} has words; the test holds this against the contract's list. */
    static boolean knows(String reason) {
        return WORDS.containsKey(reason);
    }
}
