package io.punchcard.console.kpi;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The dashboard's months as the person typed them ({@code YYYY-MM}, both included), checked before the core is asked
 * so a mistake is said beside its field. Empty means the core's default: the last twelve months.
 *
 * @param from the first month, or empty
 * @param to   the last month, or empty
 */
public record Period(String from, String to) {

    /** The core answers at most this many months at once. */
    public static final int MAX_MONTHS = 36;

    public Period {
        from = from == null ? "" : from.strip();
        to = to == null ? "" : to.strip();
    }

    /** Puts a sentence per wrong field into {@code errors} ({@code from}, {@code to}); none when the period is good. */
    public void check(Map<String, String> errors) {
        YearMonth first = month(from, "from", "first", errors);
        YearMonth last = month(to, "to", "last", errors);
        if (first != null && last != null) {
            if (last.isBefore(first)) {
                errors.put("to", "The last month is the first month or after it.");
            } else if (first.plusMonths(MAX_MONTHS - 1).isBefore(last)) {
                errors.put("to", "Choose at most " + MAX_MONTHS + " months.");
            }
        }
    }

    /** The month for the core: null when left empty (the core's default). */
    public static String orNull(String month) {
        return month.isEmpty() ? null : month;
    }

    private static YearMonth month(String value, String field, String which, Map<String, String> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter the " + which + " month as a year and month such as 2026-01.");
            return null;
        }
    }
}
