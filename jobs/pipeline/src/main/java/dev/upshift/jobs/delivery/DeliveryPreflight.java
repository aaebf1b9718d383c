package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.MailTemplates;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.jobs.runtime.Secrets;

/**
 * What sending needs from the machine it starts on, checked before the job is submitted, so that a missing key
 * or secret fails the command at once instead of the first commit hours later.
 */
public final class DeliveryPreflight {
    private DeliveryPreflight() {}

    public static void check(Delivery delivery) {
        if (!delivery.enabled()) {
            return;
        }
        if (delivery.identities().isEmpty()) {
            throw new IllegalArgumentException("delivery.enabled is true but delivery.identities is empty: "
                    + "every account owner needs an agent identity to send from (docs/email-identity.md)");
        }
        MailTemplates.load(delivery.templates());
        delivery.identities().values().forEach(identity -> DkimKeys.signer(identity.dkim()));
        new UnsubscribeLinks(delivery.unsubscribe().url(), delivery.unsubscribe().mailto(), Secrets.agentSecret(delivery));
        if (delivery.llm().enabled()) {
            Secrets.required(delivery.llm().apiKeyEnv(), "the LLM API key");
        }
    }
}
