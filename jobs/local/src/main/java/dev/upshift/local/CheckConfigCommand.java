package dev.upshift.local;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.Plan;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.logic.WeeklyRule;
import dev.upshift.jobs.runtime.ConfigOption;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./upshift check-config}: validates a playbook and catalog without starting anything. A broken file
 * exits 2 with every problem on its own line; a good one prints what it configures.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate the config (playbook, guardrails, catalog) and print what it sets up; exit 2 with every problem if it is broken.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() {
        UpshiftConfig config = configOption.load();
        System.out.println("OK: " + configOption.describe() + " (version " + config.version() + ")");
        System.out.println("Plans         " + config.catalog().plans().stream().map(Plan::id).collect(Collectors.joining(" < ")));
        System.out.println("Add-ons       " + config.catalog().addOns().stream().map(addOn -> addOn.id()).collect(Collectors.joining(", ")));
        System.out.println("Weekly rules  " + WeeklyRule.from(config).stream().map(WeeklyRule::id).collect(Collectors.joining(", ")));
        UpshiftConfig.Guardrails guardrails = config.guardrails();
        System.out.println("Guardrails    1 offer per " + UtcDays.format(guardrails.cooldown())
                + (guardrails.secondOfferIfDifferent() ? " (a 2nd if family and target differ)" : "")
                + ", none in the first " + UtcDays.format(guardrails.newAccountGrace())
                + ", none for " + UtcDays.format(guardrails.afterProblemTicket()) + " after a problem ticket"
                + ", holdout " + Math.round(config.holdout().fraction() * 100) + "%");
        UpshiftConfig.TimeSettings time = config.time();
        System.out.println("Event time    watermark " + UtcDays.format(time.maxOutOfOrderness()) + " behind each partition's median clock"
                + ", weeks evaluated " + UtcDays.format(time.allowedLateness()) + " after they end"
                + ", records more than " + UtcDays.format(time.maxFutureSkew()) + " ahead of the wall clock refused");
        System.out.println("Delivery      " + delivery(config.delivery()));
        return 0;
    }

    /** Names the identities and their settings, never a secret (only the variables that hold them). */
    private static String delivery(Delivery delivery) {
        if (!delivery.enabled()) {
            return "off (offers are decided and published, no mail is sent)";
        }
        Delivery.SendWindow window = delivery.sendWindow();
        return "on: " + delivery.identities().size() + " agent identities (" + String.join(", ", delivery.identities().keySet()) + ")"
                + ", review " + delivery.review().mode() + (delivery.review().signals().isEmpty() ? "" : " except " + delivery.review().signals())
                + ", window " + window.days() + " " + window.start() + "-" + window.end() + " local"
                + ", drafts by " + (delivery.llm().enabled() ? "model " + delivery.llm().model() + " (template fallback)" : "template")
                + ", SMTP " + delivery.smtp().host() + ":" + delivery.smtp().port() + " " + delivery.smtp().transport();
    }
}
