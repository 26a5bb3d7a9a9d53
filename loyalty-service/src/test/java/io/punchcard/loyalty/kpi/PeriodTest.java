package io.punchcard.loyalty.kpi;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodTest {

    private static final YearMonth NOW = YearMonth.of(2026, 12);

    private static Checked<Period> of(String from, String to) {
        return Period.of(Optional.ofNullable(from), Optional.ofNullable(to), NOW);
    }

    @Test
    void withoutEndsItIsTheLastTwelveMonths() {
        assertEquals(new Checked.Ok<>(new Period(YearMonth.of(2026, 1), NOW)), of(null, null));
        assertEquals(new Checked.Ok<>(new Period(YearMonth.of(2025, 7), YearMonth.of(2026, 6))), of(null, "2026-06"));
    }

    @Test
    void aMonthThatIsNoneOrEndsBeforeItStartsIsRefusedByName() {
        assertEquals(new Checked.Invalid<Period>(List.of(new Violation("to", "'2026-6' is not a month written YYYY-MM"))),
                of("2026-01", "2026-6"));
        assertEquals(List.of("from"), fields(of("2026-05", "2026-04")));
        // YearMonth reads these, but the months around them do not exist: an answer of 400, not an exception.
        assertEquals(List.of("to"), fields(of(null, "+999999999-12")));
        assertEquals(List.of("from"), fields(of("-999999999-01", "2026-01")));
    }

    @Test
    void threeYearsAreTheMost() {
        assertEquals(36, ((Checked.Ok<Period>) of("2024-01", "2026-12")).value().months().size());
        assertEquals(List.of("from"), fields(of("2023-12", "2026-12")));
    }

    private static List<String> fields(Checked<Period> checked) {
        return ((Checked.Invalid<Period>) checked).violations().stream().map(Violation::field).toList();
    }
}
