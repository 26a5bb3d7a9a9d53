package io.punchcard.console.kpi;

import io.punchcard.api.v1.Kpis;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The core's figures in their units, and a rate over nothing said as such rather than as 0. */
class FiguresTest {

    private static String shown(Double value, String unit, String currency) {
        return Figures.value(new Kpis.Figure("k", "K", value, unit, "d"), currency);
    }

    @Test
    void eachUnitIsShownAsAPersonReadsIt() {
        assertEquals("EUR 1,234.56", shown(123456.0, "minor", "EUR"));
        assertEquals("JPY 1,200", shown(1200.0, "minor", "JPY"));
        assertEquals("33.3 %", shown(1.0 / 3, "ratio", "EUR"));
        assertEquals("1.50", shown(1.5, "visits per member", "EUR"));
        assertEquals("15,200", shown(15200.0, "members", "EUR"));
    }

    @Test
    void anUndefinedFigureIsNoDataNotZero() {
        assertEquals("no data", shown(null, "ratio", "EUR"));
    }
}
