package dev.upshift.common.mail;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Amounts as a reader in {@code locale} expects them, in the catalog's currency: $1,234.50, 1.234,50 €. */
public final class Money implements Serializable {
    private final Currency currency;
    private final Locale locale;

    public Money(String currencyCode, Locale locale) {
        this.currency = Currency.getInstance(currencyCode);
        this.locale = locale;
    }

    public String format(double amount) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        return format.format(round(amount));
    }

    /** The amount as the currency counts it (cents for USD), so that prices compare exactly. */
    public BigDecimal round(double amount) {
        return BigDecimal.valueOf(amount).setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP);
    }

    public Locale locale() {
        return locale;
    }
}
