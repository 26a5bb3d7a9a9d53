package io.punchcard.loyalty.kpi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;

/**
 * The whole months KPIs are asked for, {@code from} to {@code to} included. Months, not days: distinct-member figures
 * (active members, repurchase, cohorts) are kept per month, so a period of days could not be answered from them.
 */
public record Period(YearMonth from, YearMonth to) {

    /** A period longer than three years is refused: the cohort matrix grows with its square. */
    public static final int MAX_MONTHS = 36;

    /** The last twelve months up to {@code current} when neither end is given. */
    public static final int DEFAULT_MONTHS = 12;

    /** The period {@code from}..{@code to} (each {@code YYYY-MM}, either absent), with {@code current} the month now. */
    public static Checked<Period> of(Optional<String> from, Optional<String> to, YearMonth current) {
        List<Violation> violations = new ArrayList<>();
        YearMonth last = to.map(raw -> month(raw, "to", violations)).orElse(current);
        YearMonth first = from.map(raw -> month(raw, "from", violations))
                .orElse(last == null ? null : last.minusMonths(DEFAULT_MONTHS - 1));
        if (violations.isEmpty()) {
            if (first.isAfter(last)) {
                violations.add(new Violation("from", "must be no later than to (" + last + ")"));
            } else if (first.plusMonths(MAX_MONTHS).isBefore(last.plusMonths(1))) {
                violations.add(new Violation("from", "a period is at most " + MAX_MONTHS + " months"));
            }
        }
        YearMonth a = first;
        YearMonth b = last;
        return Checked.of(violations, () -> new Period(a, b));
    }

    private static final java.util.regex.Pattern MONTH = java.util.regex.Pattern.compile("\\d{4}-\\d{2}");

    private static YearMonth month(String raw, String field, List<Violation> violations) {
        try {
            // Four digits only: YearMonth also reads '+999999999-12', whose neighbouring months do not exist.
            if (!MONTH.matcher(raw).matches()) {
                throw new DateTimeParseException("not YYYY-MM", raw, 0);
            }
            return YearMonth.parse(raw);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "'" + raw + "' is not a month written YYYY-MM"));
            return null;
        }
    }

    /** The first day of the period. */
    public LocalDate firstDay() {
        return from.atDay(1);
    }

    /** The day after the period. */
    public LocalDate endDay() {
        return to.plusMonths(1).atDay(1);
    }

    /** The period's months in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }
}
