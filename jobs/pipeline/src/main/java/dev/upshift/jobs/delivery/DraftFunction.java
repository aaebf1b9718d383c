package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.Draft;
import dev.upshift.common.mail.DraftCheck;
import dev.upshift.common.mail.DraftFacts;
import dev.upshift.common.mail.MailTemplates;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Writes each offer's mail: with the model when one is configured and its draft passes the house rules,
 * otherwise (and always as the fallback) with the playbook's template. The fallback and its reason are kept
 * on the draft for the audit trail. An offer that cannot be mailed (its owner has no agent identity, its contact
 * no address) passes through marked undeliverable.
 */
public class DraftFunction extends RichAsyncFunction<MailDraft, MailDraft> {
    private final Delivery delivery;
    private final PlanCatalog catalog;
    private final String vaultKeyFile;

    private transient AccountVault vault;
    private transient MailTemplates templates;
    private transient DraftCheck check;
    private transient ChatCompletions chat;
    private transient ModelDrafter model;
    private transient CountersByKey drafts;
    private transient CountersByKey fallbacks;
    private transient Histogram modelLatency;

    public DraftFunction(UpshiftConfig config) {
        this.delivery = config.delivery();
        this.catalog = config.catalog();
        this.vaultKeyFile = config.vault().keyFile();
    }

    @Override
    public void open(OpenContext openContext) {
        vault = AccountVault.forOperators(vaultKeyFile);
        templates = MailTemplates.load(delivery.templates());
        check = new DraftCheck(delivery.currency());
        MetricGroup metrics = UpshiftMetrics.of(getRuntimeContext().getMetricGroup());
        drafts = new CountersByKey(metrics, "drafter", "drafts");
        fallbacks = new CountersByKey(metrics, "reason", "modelFallbacks");
        modelLatency = metrics.histogram("modelLatencyMillis", new DescriptiveStatisticsHistogram(1_000));
        if (delivery.llm().enabled()) {
            chat = new ChatCompletions(delivery.llm(), Secrets.optional(delivery.llm().apiKeyEnv()));
            model = new ModelDrafter(chat);
        }
    }

    @Override
    public void close() {
        if (chat != null) {
            chat.close();
        }
    }

    @Override
    public void asyncInvoke(MailDraft request, ResultFuture<MailDraft> result) {
        Prepared prepared = prepare(request);
        if (prepared.draft.undeliverable != null || model == null) {
            complete(result, prepared.draft);
            return;
        }
        long started = System.nanoTime();
        model.draft(prepared.facts).whenComplete((draft, error) -> {
            synchronized (modelLatency) {
                modelLatency.update((System.nanoTime() - started) / 1_000_000);
            }
            Throwable failure = error instanceof CompletionException ? error.getCause() : error;
            if (failure instanceof ChatCompletions.Failure why) {
                complete(result, fallBack(prepared.draft, why.reason(), why.getMessage()));
                return;
            }
            if (failure != null) {
                complete(result, fallBack(prepared.draft, ChatCompletions.UNREACHABLE, failure.toString()));
                return;
            }
            Optional<DraftCheck.Refusal> refusal = check.check(draft, prepared.facts, prepared.locale);
            complete(result, refusal.isPresent()
                    ? fallBack(prepared.draft, refusal.get().reason(), refusal.get().detail())
                    : written(prepared.draft, draft, MailDraft.MODEL, model.model()));
        });
    }

    private void complete(ResultFuture<MailDraft> result, MailDraft draft) {
        drafts.inc(draft.undeliverable != null ? "undeliverable" : draft.drafter);
        result.complete(List.of(draft));
    }

    /** Async I/O's own deadline, a backstop: the model client gives up inside the same budget first. */
    @Override
    public void timeout(MailDraft request, ResultFuture<MailDraft> result) {
        complete(result, fallBack(prepare(request).draft, ChatCompletions.TIMEOUT, "no draft within " + delivery.llm().timeout()));
    }

    private record Prepared(MailDraft draft, DraftFacts facts, Locale locale) {}

    /** The template draft, addressed and ready; the model's draft, if any, replaces its text. */
    private Prepared prepare(MailDraft request) {
        MailDraft draft = copy(request);
        Account account = vault.open(request.account);
        Delivery.Identity identity = delivery.identities().get(request.ownerId);
        if (identity == null) {
            draft.undeliverable = "owner " + request.ownerId + " has no agent identity in delivery.identities";
            return new Prepared(draft, null, null);
        }
        if (account.contact == null || account.contact.email == null) {
            draft.undeliverable = "account " + request.accountId + " has no contact address";
            return new Prepared(draft, null, null);
        }
        DraftFacts facts = DraftFacts.of(request.decision, account, identity, catalog, delivery);
        draft.mode = delivery.modeFor(request.ownerId, request.decision.signal);
        draft.timezone = account.contact.timezone != null ? account.contact.timezone : delivery.sendWindow().defaultTimezone();
        Locale locale = Locale.forLanguageTag(account.contact.locale != null ? account.contact.locale : delivery.locale());
        return new Prepared(written(draft, templates.render(facts), MailDraft.TEMPLATE, templates.version()), facts, locale);
    }

    private MailDraft fallBack(MailDraft templateDraft, String reason, String detail) {
        fallbacks.inc(reason);
        templateDraft.fallbackReason = reason;
        templateDraft.fallbackDetail = Addresses.redacted(detail);
        return templateDraft;
    }

    private static MailDraft written(MailDraft draft, Draft text, String drafter, String version) {
        draft.subject = text.subject();
        draft.body = text.body();
        draft.drafter = drafter;
        draft.drafterVersion = version;
        return draft;
    }

    private static MailDraft copy(MailDraft request) {
        MailDraft draft = new MailDraft();
        draft.offerId = request.offerId;
        draft.accountId = request.accountId;
        draft.ownerId = request.ownerId;
        draft.decision = request.decision;
        draft.account = request.account;
        draft.draftedAt = request.draftedAt;
        return draft;
    }
}
