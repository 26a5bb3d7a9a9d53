package io.punchcard.bench.report;

/**
 * One line of the report.
 *
 * @param scenario    what was measured
 * @param concurrency workers sending at once
 * @param unit        what the throughput counts (requests, purchases, sales)
 * @param throughput  units per second
 * @param p50         median latency of one request, ms
 * @param p95         ms
 * @param p99         ms
 * @param errors      requests that failed
 * @param ceiling     the ceiling it is compared with, or null for a ceiling itself
 * @param ratio       throughput over the ceiling's, or NaN
 * @param note        what to know about the row
 */
public record Row(String scenario, int concurrency, String unit, double throughput, double p50, double p95, double p99,
                  long errors, String ceiling, double ratio, String note) {
}
