package io.punchcard.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Kpis;
import io.punchcard.console.kpi.Dashboard;
import io.punchcard.console.kpi.Period;
import io.punchcard.console.staff.Role;
import io.punchcard.console.staff.Section;

/**
 * The dashboard (admins and store managers): the core's KPIs of a store, or of every store for an admin, over a range
 * of months, as numbers, charts and tables, and each table as CSV. A store manager is offered only their stores; the
 * core refuses them another (403) whatever the address says.
 */
public final class KpiPages {

    /** The tables the core exports, by the name in {@code /console/kpis/{table}.csv}. */
    static final List<String> TABLES = List.of("figures", "months", "newMembersByWeek", "cohorts", "expiring", "tiers",
            "tierMoves");

    private final Screens screens;
    private final Clock clock;

    KpiPages(Screens screens, Clock clock) {
        this.screens = screens;
        this.clock = clock;
    }

    /**
     * The dashboard's choices, as the person set them.
     *
     * @param store the store, or empty for every store (admins) or one's first store (store managers)
     */
    public record Choice(String store, String from, String to) {

        /** The query that asks for the same choice again (the CSV links). */
        public String query() {
            return "store=" + encode(store) + "&from=" + encode(from) + "&to=" + encode(to);
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    void routing(HttpRules rules) {
        rules.get("/", screens.page(Section.DASHBOARD, this::dashboard))
                .get("/kpis/{file}", screens.page(Section.DASHBOARD, this::table));
    }

    private void dashboard(ServerRequest req, ServerResponse res, Visit visit) {
        // Read afresh: an admin may have changed the role or the stores since the login.
        visit.session().staff(visit.core().me(), clock.instant());
        Choice choice = choice(req);
        Map<String, String> errors = new LinkedHashMap<>();
        String store = checked(visit, choice, errors);
        if (!errors.isEmpty()) {
            render(res, visit, Status.create(422), choice, errors, null);
            return;
        }
        Kpis kpis;
        try {
            kpis = visit.core().kpis(store, Period.orNull(choice.from()), Period.orNull(choice.to()));
        } catch (PunchcardException e) {
            String field = CoreProblems.field(e);
            if (e.status() == 400 && field != null && List.of("from", "to", "store").contains(field)) {
                errors.put(field, CoreProblems.detail(e));
                render(res, visit, Status.create(422), choice, errors, null);
                return;
            }
            throw e;
        }
        render(res, visit, Status.OK_200, new Choice(kpis.store() == null ? "" : kpis.store(), kpis.from(),
                kpis.to()), errors, new Dashboard(kpis));
    }

    private void table(ServerRequest req, ServerResponse res, Visit visit) {
        String file = req.path().pathParameters().get("file");
        String table = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : "";
        if (!TABLES.contains(table)) {
            screens.problem(res, visit, Status.NOT_FOUND_404, "No such table",
                    "The dashboard exports the tables " + String.join(", ", TABLES) + ".");
            return;
        }
        Choice choice = choice(req);
        Map<String, String> errors = new LinkedHashMap<>();
        String store = checked(visit, choice, errors);
        if (!errors.isEmpty()) {
            render(res, visit, Status.create(422), choice, errors, null);
            return;
        }
        String csv = visit.core().kpisCsv(table, store, Period.orNull(choice.from()), Period.orNull(choice.to()));
        String name = "kpis-" + table + (store == null ? "" : "-" + store)
                + (choice.from().isEmpty() ? "" : "-" + choice.from() + "-to-" + choice.to());
        ExportPages.download(res, name, out -> out.write(csv));
    }

    private static Choice choice(ServerRequest req) {
        return new Choice(query(req, "store"), query(req, "from"), query(req, "to"));
    }

    private static String query(ServerRequest req, String name) {
        return req.query().first(name).orElse("").strip();
    }

    /** The store for the core (see {@link #store}), with any mistake in the choice put into {@code errors}. */
    private static String checked(Visit visit, Choice choice, Map<String, String> errors) {
        String store = store(visit, choice, errors);
        new Period(choice.from(), choice.to()).check(errors);
        return store;
    }

    /** The store for the core, or null for every store (an admin) or one's first (the core's choice). */
    private static String store(Visit visit, Choice choice, Map<String, String> errors) {
        String store = choice.store();
        if (store.isEmpty()) {
            return null;
        }
        if (visit.role() != Role.ADMIN && !visit.staff().stores().contains(store)
                || !store.matches("[A-Za-z0-9_-]{1,32}")) {
            errors.put("store", visit.role() == Role.ADMIN ? "Choose a store from the list."
                    : "Choose one of your stores.");
            return null;
        }
        return store;
    }

    private void render(ServerResponse res, Visit visit, Status status, Choice choice, Map<String, String> errors,
                        Dashboard dashboard) {
        Map<String, Object> model = new HashMap<>();
        model.put("choice", choice);
        model.put("errors", new Errors(errors));
        model.put("stores", ExportPages.stores(visit));
        model.put("anyStore", visit.role() == Role.ADMIN);
        model.put("dashboard", dashboard);
        model.put("tables", TABLES);
        screens.render(res, visit, status, "dashboard", "Dashboard", Section.DASHBOARD, model);
    }
}
