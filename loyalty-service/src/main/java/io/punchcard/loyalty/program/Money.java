package io.punchcard.loyalty.program;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Amounts in minor units as people read them, and the currency codes a text names. */
final class Money {

    // A code or symbol next to an amount ("5 EUR", "EUR 5", "€5"): a bare "PEN" or "ALL" in a name is a word.
    private static final Pattern AMOUNT = Pattern.compile(
            "\\d[\\d.,]*\\s?(?<after>[A-Z]{3}|[€£¥])(?![A-Za-z])|(?<![A-Za-z])(?<before>[A-Z]{3}|[€£¥])\\s?\\d");
    private static final java.util.Map<String, Set<String>> SYMBOLS = java.util.Map.of(
            "€", Set.of("EUR"), "£", Set.of("GBP"), "¥", Set.of("JPY", "CNY"));
    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private Money() {
    }

    /** {@code 500, USD} → {@code 5 USD}; {@code 550, USD} → {@code 5.50 USD}; {@code 500, JPY} → {@code 500 JPY}. */
    static String format(long minor, String currency) {
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (RuntimeException e) {
            // An unknown code is refused by the program's validation; until then two decimals read well.
        }
        BigDecimal amount = BigDecimal.valueOf(minor, digits);
        String text = amount.remainder(BigDecimal.ONE).signum() == 0
                ? amount.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString() : amount.toPlainString();
        return text + " " + currency;
    }

    /** A currency code other than {@code currency} that {@code text} names, e.g. "EUR" in "5 EUR off". */
    static java.util.Optional<String> otherCurrencyIn(String text, String currency) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        Matcher m = AMOUNT.matcher(text);
        while (m.find()) {
            String found = m.group("after") != null ? m.group("after") : m.group("before");
            Set<String> meant = SYMBOLS.getOrDefault(found, CODES.contains(found) ? Set.of(found) : Set.of());
            if (!meant.isEmpty() && !meant.contains(currency)) {
                return java.util.Optional.of(found);
            }
        }
        return java.util.Optional.empty();
    }
}
