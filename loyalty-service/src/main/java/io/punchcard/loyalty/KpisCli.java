package io.punchcard.loyalty;

import java.time.Clock;
import java.util.Locale;

import io.punchcard.loyalty.kpi.KpiRollups;
import io.punchcard.loyalty.store.Jdbc;
import io.punchcard.loyalty.store.PgKpis;
import io.punchcard.loyalty.store.PgPrograms;
import io.punchcard.platform.Launcher;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;

/**
 * Rebuilds the KPI rollups of the database named by {@code db.url} (or {@code DB_URL}) from its tables, as
 * {@code POST /api/v1/kpis/rebuild} does, for history written straight into the tables or right after an upgrade:
 * <pre>
 *   ./punchcard kpis rebuild
 * </pre>
 * Running cores keep following the events meanwhile; the rebuild and they take turns (docs/kpis.md).
 */
public final class KpisCli {

    private static final String USAGE = "usage: ./punchcard kpis rebuild";

    private KpisCli() {
    }

    public static void main(String[] args) {
        Launcher.launch("kpis", () -> {
            if (args.length != 1 || !args[0].equals("rebuild")) {
                throw new StartupException(USAGE);
            }
            try (Postgres postgres = CoreDatabase.open("the KPI rollups")) {
                Jdbc jdbc = new Jdbc(postgres.dbClient());
                Clock clock = Clock.systemUTC();
                KpiRollups.Rebuilt rebuilt = new PgKpis(jdbc, new PgPrograms(jdbc, clock), clock).rebuild();
                System.out.println(String.format(Locale.ROOT, "rebuilt the KPI rollups: %,d purchases in %.1f s",
                        rebuilt.purchases(), rebuilt.took().toMillis() / 1000.0));
            }
        });
    }
}
