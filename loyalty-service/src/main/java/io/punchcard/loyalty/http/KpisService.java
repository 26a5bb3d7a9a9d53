package io.punchcard.loyalty.http;

import java.time.Clock;
import java.time.YearMonth;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.v1.Kpis;
import io.punchcard.api.v1.KpisRebuilt;
import io.punchcard.loyalty.kpi.CsvTables;
import io.punchcard.loyalty.kpi.KpiRollups;
import io.punchcard.loyalty.kpi.Period;
import io.punchcard.loyalty.kpi.Report;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.platform.http.ProblemException;

/**
 * {@code /api/v1/kpis}: the KPIs of a store (or every store) over whole months, read from the rollups; their tables as
 * CSV; and the rollups' rebuild. A STORE key, and a store manager, read their own store's only.
 */
public final class KpisService implements HttpService {

    private final KpiRollups rollups;
    private final Programs programs;
    private final Clock clock;
    private final long pointValueMinor;

    public KpisService(KpiRollups rollups, Programs programs, Clock clock, long pointValueMinor) {
        this.rollups = rollups;
        this.programs = programs;
        this.clock = clock;
        this.pointValueMinor = pointValueMinor;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> res.send(kpis(req)))
                .get("/export", this::export)
                .post("/rebuild", this::rebuild);
    }

    private Kpis kpis(ServerRequest req) {
        Program program = programs.current().program();
        Period period = Requests.valid(Period.of(req.query().first("from").asOptional(),
                req.query().first("to").asOptional(), YearMonth.now(clock.withZone(program.zone()))));
        String store = req.query().first("store").asOptional().filter(s -> !s.isBlank()).orElse(null);
        if (store != null) {
            Authentication.requireStore(req, store, "store");
        }
        String onlyStore = Authentication.onlyStore(req);
        if (onlyStore != null) {
            store = onlyStore;
        }
        return Report.of(store, period, program.currency(), pointValueMinor, rollups.read(store, period));
    }

    private void export(ServerRequest req, ServerResponse res) {
        String table = req.query().first("table").asOptional().orElseThrow(() -> ProblemException.invalidField("table",
                "Name a table: one of " + CsvTables.NAMES + "."));
        if (!CsvTables.NAMES.contains(table)) {
            throw ProblemException.invalidField("table", "'" + table + "' is no KPI table; one of " + CsvTables.NAMES
                    + ".");
        }
        Kpis kpis = kpis(req);
        String csv = CsvTables.of(table, kpis).orElseThrow();
        res.headers().contentType(MediaTypes.create("text/csv; charset=utf-8"));
        res.headers().set(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"kpis-" + table + "-"
                + (kpis.store() == null ? "all" : kpis.store()) + "-" + kpis.from() + "-" + kpis.to() + ".csv\"");
        res.send(csv);
    }

    private void rebuild(ServerRequest req, ServerResponse res) {
        KpiRollups.Rebuilt rebuilt = rollups.rebuild();
        res.send(new KpisRebuilt(rebuilt.purchases(), rebuilt.took().toMillis()));
    }
}
