package io.punchcard.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's result as Markdown: what ran where, the table, the targets and the invariants. */
public final class Report {

    private final List<String> setting = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<String> invariants = new ArrayList<>();

    public void setting(String line) {
        setting.add(line);
    }

    public void row(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A target and whether this run met it. */
    public void target(String line) {
        targets.add(line);
    }

    /** An invariant checked after the load, and its outcome. */
    public void invariant(String line) {
        invariants.add(line);
    }

    public List<String> invariants() {
        return List.copyOf(invariants);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Punchcard bench\n\n");
        setting.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n| scenario | concurrency | throughput | p50 ms | p95 ms | p99 ms | errors | ratio to ceiling |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.scenario()).append(" | ").append(row.concurrency()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f %s/s", row.throughput(), row.unit())).append(" | ")
                    .append(ms(row.p50())).append(" | ").append(ms(row.p95())).append(" | ").append(ms(row.p99()))
                    .append(" | ").append(row.errors()).append(" | ")
                    .append(row.ceiling() != null
                            ? String.format(Locale.ROOT, "%.0f%% of %s", row.ratio() * 100, row.ceiling())
                            : row.scenario().startsWith("(") ? "(ceiling)" : "–")
                    .append(" |\n");
        }
        List<Row> noted = rows.stream().filter(r -> r.note() != null).toList();
        if (!noted.isEmpty()) {
            md.append('\n');
            noted.forEach(r -> md.append("- ").append(r.scenario()).append(": ").append(r.note()).append('\n'));
        }
        if (!targets.isEmpty()) {
            md.append("\nTargets\n\n");
            targets.forEach(line -> md.append("- ").append(line).append('\n'));
        }
        md.append("\nInvariants after the load\n\n");
        invariants.forEach(line -> md.append("- ").append(line).append('\n'));
        return md.toString();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
