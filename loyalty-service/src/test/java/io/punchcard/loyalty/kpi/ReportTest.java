package io.punchcard.loyalty.kpi;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import io.punchcard.api.v1.Kpis;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReportTest {

    private static final YearMonth JANUARY = YearMonth.of(2026, 1);
    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    private static Rollups rollups(Map<YearMonth, Activity.Counts> activity, Map<YearMonth, Map<YearMonth, Long>> cohorts) {
        return new Rollups(Map.of(), List.of(), Map.of(JANUARY, 10L), activity, cohorts, Map.of(), Map.of(), List.of(),
                Map.of(), null);
    }

    @Test
    void aRateOverNothingHasNoValueRatherThanZero() {
        Kpis kpis = Report.of(null, new Period(JANUARY, MARCH), "EUR", 1, rollups(Map.of(), Map.of()));

        assertNull(kpis.figure("repurchaseRate").orElseThrow().value());
        assertNull(kpis.figure("atvMembersMinor").orElseThrow().value());
        assertEquals(0.0, kpis.figure("purchases").orElseThrow().value());
    }

    @Test
    void theLastMonthGivesTheDistinctMemberFiguresAndCohortsRunToIt() {
        Kpis kpis = Report.of("S1", new Period(JANUARY, MARCH), "EUR", 1, rollups(
                Map.of(JANUARY, new Activity.Counts(50, 40, 200), MARCH, new Activity.Counts(8, 2, 12)),
                Map.of(JANUARY, Map.of(JANUARY, 9L, MARCH, 4L))));

        assertEquals(8.0, kpis.figure("activeMembers").orElseThrow().value());
        assertEquals(0.25, kpis.figure("repurchaseRate").orElseThrow().value());
        assertEquals(1.5, kpis.figure("visitFrequency").orElseThrow().value());
        assertEquals(new Kpis.Cohort("2026-01", 10, List.of(9L, 0L, 4L)), kpis.cohorts().getFirst());
        assertEquals(List.of(3, 2, 1), kpis.cohorts().stream().map(c -> c.active().size()).toList());
    }
}
