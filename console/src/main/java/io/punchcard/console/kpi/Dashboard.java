package io.punchcard.console.kpi;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import io.punchcard.api.Json;
import io.punchcard.api.v1.Kpis;
import io.punchcard.console.members.Formats;

/**
 * The core's KPI answer as the dashboard shows it: each figure written for people in its unit (money in the
 * program's currency, rates in percent), the retention cohorts as a heat map's shaded cells, and each chart's data as
 * the JSON that our one script hands to Chart.js. Nothing here is computed anew: every number is the core's, only
 * written out (a cohort's shares are its counts over its members, as docs/kpis.md says to draw them).
 */
public final class Dashboard {

    /** The shades of the heat map, lightest first; a cell's class is {@code heat-0} to {@code heat-5}. */
    static final int SHADES = 6;

    private final Kpis kpis;
    private final Formats formats;

    public Dashboard(Kpis kpis) {
        this.kpis = kpis;
        this.formats = new Formats(kpis.currency(), ZoneId.of("UTC"));
    }

    /** One headline number as shown: {@code text} is the value in its unit, or a dash when it has none. */
    public record Shown(String key, String label, String text, String definition) {
    }

    /** One cell of the heat map: the members of the cohort active that month, their share, and its shade. */
    public record Cell(long active, String share, int shade) {
    }

    /** One row of the heat map. */
    public record CohortRow(String joinMonth, long members, List<Cell> cells) {
    }

    public Kpis kpis() {
        return kpis;
    }

    public List<Shown> figures() {
        return kpis.figures().stream().map(f -> new Shown(f.key(), f.label(), text(f), f.definition())).toList();
    }

    /** The definition of a series or a months field ({@code months.visits}), or an empty text when the core gave none. */
    public String definition(String name) {
        return kpis.definitions().getOrDefault(name, "");
    }

    public String money(long minor) {
        return formats.money(minor);
    }

    public String count(long count) {
        return formats.points(count);
    }

    private String text(Kpis.Figure figure) {
        if (figure.value() == null) {
            return "—";
        }
        double value = figure.value();
        return switch (figure.unit()) {
            case "minor" -> formats.money(Math.round(value));
            case "ratio" -> percent(value);
            case "members", "purchases", "points" -> formats.points(Math.round(value));
            default -> String.format(Locale.UK, "%,.2f", value);
        };
    }

    static String percent(double ratio) {
        return String.format(Locale.UK, "%.1f%%", ratio * 100);
    }

    /** The number of months after joining the heat map has columns for: the longest cohort's. */
    public int cohortMonths() {
        return kpis.cohorts().stream().mapToInt(c -> c.active().size()).max().orElse(0);
    }

    public List<CohortRow> cohorts() {
        return kpis.cohorts().stream().map(c -> new CohortRow(c.joinMonth(), c.members(), c.active().stream()
                .map(active -> cell(active, c.members())).toList())).toList();
    }

    static Cell cell(long active, long members) {
        if (members == 0) {
            return new Cell(active, "—", 0);
        }
        double share = (double) active / members;
        int shade = (int) Math.min(SHADES - 1, Math.ceil(share * (SHADES - 1)));
        return new Cell(active, percent(share), shade);
    }

    // ---- the charts' data, for assets/kpi-charts.js

    /** Enrolments per week, one stacked bar per join channel. */
    public String newMembersChart() {
        List<String> weeks = kpis.newMembersByWeek().stream().map(w -> w.week().toString()).distinct().sorted()
                .toList();
        Set<String> channels = new LinkedHashSet<>();
        kpis.newMembersByWeek().forEach(w -> channels.add(w.channel()));
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (String channel : channels) {
            long[] data = new long[weeks.size()];
            kpis.newMembersByWeek().stream().filter(w -> w.channel().equals(channel))
                    .forEach(w -> data[weeks.indexOf(w.week().toString())] += w.members());
            datasets.add(dataset(channel, data));
        }
        return chart("bar", weeks, datasets, true, "members");
    }

    public String activityChart() {
        return chart("line", months(), List.of(monthly("Active members", Kpis.Month::activeMembers),
                monthly("Repeaters (2+ purchases)", Kpis.Month::repeaters)), false, "members");
    }

    /** Net sales per month, members' and others' stacked, in the currency's major unit. */
    public String salesChart() {
        int digits = digits();
        List<Map<String, Object>> datasets = List.of(
                dataset("Members", kpis.months().stream().map(m -> major(m.memberSalesMinor(), digits)).toList()),
                dataset("Non-members", kpis.months().stream().map(m -> major(m.anonymousSalesMinor(), digits))
                        .toList()));
        return chart("bar", months(), datasets, true, kpis.currency());
    }

    public String pointsChart() {
        return chart("bar", months(), List.of(monthly("Issued", Kpis.Month::pointsIssued),
                monthly("Redeemed", Kpis.Month::pointsRedeemed), monthly("Expired", Kpis.Month::pointsExpired)),
                false, "points");
    }

    public String expiringChart() {
        return chart("bar", kpis.expiring().stream().map(Kpis.Expiring::month).toList(),
                List.of(dataset("Points expiring", kpis.expiring().stream().map(Kpis.Expiring::points).toList())),
                false, "points");
    }

    public String tiersChart() {
        return chart("bar", kpis.tiers().stream().map(Kpis.TierCount::tier).toList(),
                List.of(dataset("Members", kpis.tiers().stream().map(Kpis.TierCount::members).toList())), false,
                "members");
    }

    /** Tier moves per month, one stacked bar per move ({@code MEMBER → SILVER}). */
    public String tierMovesChart() {
        List<String> months = kpis.tierMoves().stream().map(Kpis.TierMove::month).distinct().sorted().toList();
        Map<String, long[]> moves = new LinkedHashMap<>();
        for (Kpis.TierMove move : kpis.tierMoves()) {
            moves.computeIfAbsent(move.from() + " → " + move.to(), k -> new long[months.size()])
                    [months.indexOf(move.month())] += move.members();
        }
        List<Map<String, Object>> datasets = new ArrayList<>();
        moves.forEach((name, data) -> datasets.add(dataset(name, data)));
        return chart("bar", months, datasets, true, "members");
    }

    private List<String> months() {
        return kpis.months().stream().map(Kpis.Month::month).toList();
    }

    private Map<String, Object> monthly(String label, ToLongFunction<Kpis.Month> field) {
        return dataset(label, kpis.months().stream().mapToLong(field).toArray());
    }

    private int digits() {
        return kpis.currency() == null ? 2 : Math.max(Currency.getInstance(kpis.currency()).getDefaultFractionDigits(),
                0);
    }

    private static BigDecimal major(long minor, int digits) {
        return BigDecimal.valueOf(minor, digits);
    }

    private static Map<String, Object> dataset(String label, Object data) {
        return Map.of("label", label, "data", data);
    }

    private static String chart(String type, List<String> labels, List<Map<String, Object>> datasets, boolean stacked,
                                String unit) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("labels", labels);
        chart.put("datasets", datasets);
        chart.put("stacked", stacked);
        chart.put("unit", unit == null ? "" : unit);
        return Json.write(chart);
    }
}
