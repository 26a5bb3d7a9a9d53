package io.punchcard.console.kpi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.v1.Kpis;

/**
 * The dashboard's charts of the core's monthly KPIs: for each, what Chart.js draws (as JSON, read by {@code
 * console-charts.js} from the canvas's {@code data-series}) and the same numbers as a table beside it, which is what
 * a screen reader, a keyboard and a browser without JavaScript get.
 */
public final class Charts {

    /**
     * One chart.
     *
     * @param id      the canvas's id
     * @param title   what it shows; the canvas's accessible name and the table's caption
     * @param series  Chart.js's data: {@code {"type", "labels", "datasets": [{"label", "data"}]}}
     * @param headers the table's column headers: the month, then one per dataset
     * @param rows    the table's rows
     */
    public record Chart(String id, String title, String series, List<String> headers, List<List<String>> rows) {
    }

    private Charts() {
    }

    /** The charts of {@code kpis}: members by month, and net sales by month in the program's currency. */
    public static List<Chart> of(Kpis kpis) {
        Map<String, ToLongFunction<Kpis.Month>> members = new LinkedHashMap<>();
        members.put("New members", Kpis.Month::newMembers);
        members.put("Active members", Kpis.Month::activeMembers);
        members.put("Repeat buyers", Kpis.Month::repeaters);
        int digits = digits(kpis.currency());
        Map<String, ToLongFunction<Kpis.Month>> sales = new LinkedHashMap<>();
        sales.put("Members (" + kpis.currency() + ")", Kpis.Month::memberSalesMinor);
        sales.put("Other shoppers (" + kpis.currency() + ")", Kpis.Month::anonymousSalesMinor);
        return List.of(chart("chart-members", "Members by month", kpis.months(), members, 0),
                chart("chart-sales", "Net sales by month", kpis.months(), sales, digits));
    }

    private static Chart chart(String id, String title, List<Kpis.Month> months,
                               Map<String, ToLongFunction<Kpis.Month>> series, int digits) {
        List<String> labels = months.stream().map(Kpis.Month::month).toList();
        List<Map<String, Object>> datasets = new ArrayList<>();
        series.forEach((label, value) -> datasets.add(Map.of("label", label, "data",
                months.stream().map(month -> major(value.applyAsLong(month), digits)).toList())));
        List<String> headers = new ArrayList<>(List.of("Month"));
        headers.addAll(series.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (Kpis.Month month : months) {
            List<String> row = new ArrayList<>(List.of(month.month()));
            series.values().forEach(value -> row.add(major(value.applyAsLong(month), digits).toPlainString()));
            rows.add(row);
        }
        try {
            String json = Json.mapper().writeValueAsString(Map.of("type", "bar", "labels", labels,
                    "datasets", datasets));
            return new Chart(id, title, json, headers, rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Numbers and text always write as JSON", e);
        }
    }

    private static BigDecimal major(long minor, int digits) {
        return BigDecimal.valueOf(minor).movePointLeft(digits);
    }

    private static int digits(String code) {
        try {
            return Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            return 0;
        }
    }
}
