package io.punchcard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.punchcard.bench.report.Row;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.TestRedis;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench runs end to end on a tiny data set: every scenario and ceiling measured without an error, the
 * books checked, the report written. It asserts what was done, never how fast.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class BenchIT {

    @Test
    void aTinyRunMeasuresEveryStepAndFindsTheBooksBalanced(TestPostgres postgres, TestRedis redis, @TempDir Path dir)
            throws Exception {
        Path fixtures = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared").resolve("fixtures");
        Path out = dir.resolve("report.md");
        Options options = Options.parse("--db-url=" + postgres.jdbcUrl(), "--db-user=" + postgres.username(),
                "--db-password=" + postgres.password(), "--redis-url=" + redis.url(), "--members=60",
                "--purchases=600", "--seconds=1", "--warmup-seconds=0", "--terminals=2", "--messages=200",
                "--campaign-members=1000", "--kpi-purchases=2000",
                "--fixtures=" + fixtures,
                "--out=" + out);

        Bench.Outcome outcome = Bench.run(options, line -> { });

        List<Row> rows = outcome.report().rows();
        assertEquals(22, rows.size(), outcome.report().markdown());
        for (Row row : rows) {
            assertEquals(0, row.errors(), row.scenario() + ": " + row.note());
            assertTrue(row.throughput() > 0, row.scenario());
        }
        assertTrue(outcome.invariantsHold(), outcome.report().markdown());
        String written = Files.readString(out);
        assertTrue(written.contains("| 2b purchases, batches of 500 |") && written.contains("All invariants hold.")
                && written.contains("| 2c campaign points, batches of 1000 |")
                && written.contains("| 2d campaign vouchers, batches of 1000 |")
                && written.contains("| 7b deliver marketing e-mails")
                && written.contains("| 8a segment count: e-mail consent and spend.d365 ≥ 5000 |")
                && written.contains("| 8c campaign: voucher and e-mail for every member, 10% held out |")
                && written.contains("| 9b KPI dashboard: GET /api/v1/kpis, every store, 12 months |"),
                written);
    }
}
