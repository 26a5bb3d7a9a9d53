package io.punchcard.console.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.Kpis;

class DashboardTest {

    private static Kpis kpis(List<Kpis.Figure> figures, List<Kpis.Cohort> cohorts) {
        return new Kpis("S001", "2026-01", "2026-03", "EUR", 1, null, figures, List.of(), List.of(), cohorts,
                List.of(), List.of(), List.of(), Map.of());
    }

    @Test
    void eachFigureIsWrittenInItsUnitAndARateOverNothingIsADash() {
        Dashboard dashboard = new Dashboard(kpis(List.of(
                new Kpis.Figure("salesMinor", "Net sales", 123456.0, "minor", "d"),
                new Kpis.Figure("memberSalesShare", "Share", 0.8333, "ratio", "d"),
                new Kpis.Figure("repurchaseRate", "Rate", null, "ratio", "d"),
                new Kpis.Figure("visitFrequency", "Visits", 1.5, "visits per member", "d"),
                new Kpis.Figure("pointsIssued", "Issued", 12000.0, "points", "d")), List.of()));
        assertEquals(List.of("€1,234.56", "83.3%", "—", "1.50", "12,000"),
                dashboard.figures().stream().map(Dashboard.Shown::text).toList());
    }

    @Test
    void aCohortsCellsAreSharesOfItsMembersShadedByThem() {
        Dashboard dashboard = new Dashboard(kpis(List.of(), List.of(new Kpis.Cohort("2026-01", 4, List.of(4L, 1L, 0L)),
                new Kpis.Cohort("2026-02", 0, List.of(0L)))));
        List<Dashboard.Cell> cells = dashboard.cohorts().getFirst().cells();
        assertEquals(List.of("100.0%", "25.0%", "0.0%"), cells.stream().map(Dashboard.Cell::share).toList());
        assertEquals(List.of(5, 2, 0), cells.stream().map(Dashboard.Cell::shade).toList());
        assertEquals("—", dashboard.cohorts().get(1).cells().getFirst().share(), "no members: no share");
        assertEquals(3, dashboard.cohortMonths());
    }

    @Test
    void aPeriodIsWholeMonthsInOrderAndAtMostThirtySix() {
        Map<String, String> errors = new LinkedHashMap<>();
        new Period("2026-13", "2026-01").check(errors);
        assertTrue(errors.containsKey("from"), errors.toString());
        errors.clear();
        new Period("2026-05", "2026-04").check(errors);
        assertEquals(Map.of("to", "The last month is the first month or after it."), errors);
        errors.clear();
        new Period("2024-01", "2026-12").check(errors);
        assertEquals(Map.of(), errors, "36 months");
        new Period("2024-01", "2027-01").check(errors);
        assertEquals(Map.of("to", "Choose at most 36 months."), errors);
        errors.clear();
        new Period("", "").check(errors);
        assertEquals(Map.of(), errors, "the core's default");
    }
}
