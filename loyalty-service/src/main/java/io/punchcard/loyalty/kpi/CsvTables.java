package io.punchcard.loyalty.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.api.v1.Kpis;

/** The KPI answer's tables as CSV (RFC 4180), as the console exports them: one table per file, a header row first. */
public final class CsvTables {

    /** The tables there are, by the name {@code GET /api/v1/kpis/export?table=} takes. */
    public static final List<String> NAMES = List.of("figures", "months", "newMembersByWeek", "cohorts", "expiring",
            "tiers", "tierMoves");

    private CsvTables() {
    }

    /** The table {@code name} of {@code kpis}; empty for a name not in {@link #NAMES}. */
    public static Optional<String> of(String name, Kpis kpis) {
        List<List<Object>> rows = new ArrayList<>();
        switch (name) {
            case "figures" -> {
                rows.add(List.of("key", "label", "value", "unit", "definition"));
                kpis.figures().forEach(f -> rows.add(List.of(f.key(), f.label(), f.value() == null ? "" : f.value(),
                        f.unit(), f.definition())));
            }
            case "months" -> {
                rows.add(List.of("month", "newMembers", "activeMembers", "repeaters", "visits", "memberPurchases",
                        "anonymousPurchases", "memberSalesMinor", "anonymousSalesMinor", "pointsIssued",
                        "pointsRedeemed", "pointsExpired"));
                kpis.months().forEach(m -> rows.add(List.of(m.month(), m.newMembers(), m.activeMembers(),
                        m.repeaters(), m.visits(), m.memberPurchases(), m.anonymousPurchases(), m.memberSalesMinor(),
                        m.anonymousSalesMinor(), m.pointsIssued(), m.pointsRedeemed(), m.pointsExpired())));
            }
            case "newMembersByWeek" -> {
                rows.add(List.of("week", "channel", "members"));
                kpis.newMembersByWeek().forEach(w -> rows.add(List.of(w.week(), w.channel(), w.members())));
            }
            case "cohorts" -> {
                List<Object> header = new ArrayList<>(List.<Object>of("joinMonth", "members"));
                int ages = kpis.cohorts().stream().mapToInt(c -> c.active().size()).max().orElse(0);
                for (int age = 0; age < ages; age++) {
                    header.add("month" + age);
                }
                rows.add(header);
                kpis.cohorts().forEach(c -> {
                    List<Object> row = new ArrayList<>(List.<Object>of(c.joinMonth(), c.members()));
                    row.addAll(c.active());
                    rows.add(row);
                });
            }
            case "expiring" -> {
                rows.add(List.of("month", "points", "valueMinor"));
                kpis.expiring().forEach(e -> rows.add(List.of(e.month(), e.points(), e.valueMinor())));
            }
            case "tiers" -> {
                rows.add(List.of("tier", "members"));
                kpis.tiers().forEach(t -> rows.add(List.of(t.tier(), t.members())));
            }
            case "tierMoves" -> {
                rows.add(List.of("month", "from", "to", "members"));
                kpis.tierMoves().forEach(m -> rows.add(List.of(m.month(), m.from(), m.to(), m.members())));
            }
            default -> {
                return Optional.empty();
            }
        }
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(cell(String.valueOf(row.get(i))));
            }
            csv.append("\r\n");
        }
        return Optional.of(csv.toString());
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");

    /**
     * A cell, quoted when it holds a comma, quote or line break. Text starting with = + - @ gets a leading quote, so
     * a spreadsheet never runs it as a formula (a store code or tier is text someone typed); numbers stay numbers.
     */
    static String cell(String value) {
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !NUMBER.matcher(value).matches();
        String safe = formula ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
