package io.punchcard.console.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import io.punchcard.api.v1.Kpis;

/**
 * The core's headline KPIs as the dashboard shows them: each figure's value in its unit (money in the program's
 * currency, rates as percentages), with the core's own label and definition. Nothing is computed here but the
 * formatting: the numbers are the core's, from its rollups.
 */
public final class Figures {

    /**
     * One figure, ready to show.
     *
     * @param key        the core's stable name
     * @param label      the core's label
     * @param value      the value in its unit, or "no data" when the core has none (a rate over nothing)
     * @param definition exactly what it counts, in the core's words
     */
    public record Shown(String key, String label, String value, String definition) {
    }

    private Figures() {
    }

    /** Every figure of {@code kpis}, in the core's order. */
    public static List<Shown> of(Kpis kpis) {
        return kpis.figures().stream().map(figure -> new Shown(figure.key(), figure.label(),
                value(figure, kpis.currency()), figure.definition())).toList();
    }

    /** One figure's value in its unit, in British English formats. */
    static String value(Kpis.Figure figure, String currency) {
        if (figure.value() == null) {
            return "no data";
        }
        double value = figure.value();
        return switch (figure.unit() == null ? "" : figure.unit()) {
            case "minor" -> money(value, currency);
            case "ratio" -> BigDecimal.valueOf(value * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
            case "visits per member" -> BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
            default -> NumberFormat.getIntegerInstance(Locale.UK).format(Math.round(value));
        };
    }

    private static String money(double minor, String code) {
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            return NumberFormat.getIntegerInstance(Locale.UK).format(Math.round(minor)) + " (minor units)";
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        BigDecimal major = BigDecimal.valueOf(Math.round(minor)).movePointLeft(digits);
        NumberFormat format = NumberFormat.getNumberInstance(Locale.UK);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return currency.getCurrencyCode() + " " + format.format(major);
    }
}
