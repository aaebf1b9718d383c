package dev.upshift.common.mail;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.ParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The house rules every draft that did not come from a template must pass before it is used: a model's draft
 * or a reviewer's edit. It must quote the evidence, state no price or percentage the offer does not carry, use
 * no pressure, keep to a sane length, and have a single-line subject.
 */
public final class DraftCheck implements Serializable {
    public static final int MAX_SUBJECT = 120;
    public static final int MIN_BODY = 80;
    public static final int MAX_BODY = 3000;

    /** False scarcity and pressure: the playbook refuses them outright. */
    private static final List<Pattern> PRESSURE = List.of(
            "act now", "limited[- ]time", "only today", "today only", "last chance", "hurry", "don'?t miss",
            "before it'?s too late", "urgent", "expires? (soon|today|tonight|in)", "only \\d+ (left|spots|seats left)",
            "final (offer|notice)", "while (stocks|supplies) last", "once[- ]in[- ]a[- ]lifetime", "exclusive deal")
            .stream().map(phrase -> Pattern.compile("\\b" + phrase + "\\b", Pattern.CASE_INSENSITIVE)).toList();
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:[.,]\\d+)?)\\s?%");

    /** Why a draft was refused. */
    public record Refusal(String reason, String detail) implements Serializable {}

    public static final String SUBJECT_INVALID = "subject_invalid";
    public static final String LENGTH = "length_out_of_bounds";
    public static final String MISSING_METRIC = "missing_metric";
    public static final String INVENTED_PRICE = "invented_price";
    public static final String INVENTED_PERCENT = "invented_percent";
    public static final String PRESSURE_PHRASE = "pressure_phrase";

    private final String currencyCode;

    public DraftCheck(String currencyCode) {
        this.currencyCode = currencyCode;
    }

    public Optional<Refusal> check(Draft draft, DraftFacts facts, Locale locale) {
        String subject = draft.subject() == null ? "" : draft.subject();
        String body = draft.body() == null ? "" : draft.body();
        if (subject.isBlank() || subject.length() > MAX_SUBJECT || subject.contains("\r") || subject.contains("\n")) {
            return refuse(SUBJECT_INVALID, "the subject must be one line of 1 to " + MAX_SUBJECT + " characters");
        }
        if (body.length() < MIN_BODY || body.length() > MAX_BODY) {
            return refuse(LENGTH, "the body has " + body.length() + " characters; expected " + MIN_BODY + " to " + MAX_BODY);
        }
        String text = subject + "\n" + body;
        if (!text.contains(facts.evidence().figure())) {
            return refuse(MISSING_METRIC, "the draft does not quote the evidence: " + facts.evidence().figure());
        }
        for (Pattern pressure : PRESSURE) {
            Matcher matcher = pressure.matcher(text);
            if (matcher.find()) {
                return refuse(PRESSURE_PHRASE, "pressure or false scarcity: '" + matcher.group() + "'");
            }
        }
        Optional<Refusal> price = checkPrices(text, facts, locale);
        return price.isPresent() ? price : checkPercents(text, facts);
    }

    private Optional<Refusal> checkPrices(String text, DraftFacts facts, Locale locale) {
        Currency currency = Currency.getInstance(currencyCode);
        String symbol = Pattern.quote(currency.getSymbol(locale));
        String code = Pattern.quote(currency.getCurrencyCode());
        String number = "(\\d[\\d.,\\u00a0\\u202f ]*\\d|\\d)";
        Pattern amount = Pattern.compile("(?:" + symbol + "|" + code + ")\\s?" + number + "|" + number + "\\s?(?:" + symbol + "|" + code + ")");
        Matcher matcher = amount.matcher(text);
        while (matcher.find()) {
            String digits = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            BigDecimal value = parse(digits, locale, currency);
            if (!facts.priced()) {
                return refuse(INVENTED_PRICE, "an education touch mentions a price: " + matcher.group());
            }
            if (value == null || !facts.amounts().contains(value)) {
                return refuse(INVENTED_PRICE, "a price the offer does not carry: " + matcher.group().strip()
                        + "; allowed: " + facts.amounts());
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkPercents(String text, DraftFacts facts) {
        Matcher matcher = PERCENT.matcher(text);
        while (matcher.find()) {
            String percent = matcher.group(1).replace(',', '.') + "%";
            if (!facts.percents().contains(percent)) {
                return refuse(INVENTED_PERCENT, "a percentage the offer does not carry: " + matcher.group() + "; allowed: " + facts.percents());
            }
        }
        return Optional.empty();
    }

    private static BigDecimal parse(String digits, Locale locale, Currency currency) {
        DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(locale);
        format.setParseBigDecimal(true);
        DecimalFormatSymbols symbols = format.getDecimalFormatSymbols();
        String normalized = digits.replace(" ", String.valueOf(symbols.getGroupingSeparator()))
                .replace('\u00a0', symbols.getGroupingSeparator()).replace('\u202f', symbols.getGroupingSeparator());
        try {
            BigDecimal value = (BigDecimal) format.parse(normalized);
            return value.setScale(currency.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY);
        } catch (ParseException | ArithmeticException e) {
            return null;
        }
    }

    private static Optional<Refusal> refuse(String reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }
}
