package io.punchcard.console.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.v1.MemberPage;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.console.export.Csv;
import io.punchcard.console.export.Rows;
import io.punchcard.console.staff.Role;
import io.punchcard.console.staff.Section;

/**
 * The Exports section (admins and store managers): the members and the purchases of a period as CSV, read from the
 * core's listings a page at a time with their cursors and written to the browser as they come, so an export of a
 * million rows holds one page in memory. A store manager exports their own stores only (the core would refuse
 * another); an admin any store, or all of them.
 */
public final class ExportPages {

    /** A period longer than this is refused: the core adds its totals up on every page, over the whole period. */
    static final int MAX_DAYS = 400;

    private final Screens screens;
    private final Clock clock;
    private final int pageSize;

    ExportPages(Screens screens, Clock clock, int pageSize) {
        this.screens = screens;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /**
     * The choices of the export forms, as the person set them.
     *
     * @param store the store, or empty for every store (admins only)
     * @param from  the first day of the purchases' period
     * @param to    its last day, included
     */
    public record Choice(String store, String from, String to) {
    }

    void routing(HttpRules rules) {
        rules.get("/exports", screens.page(Section.EXPORTS, this::page))
                .get("/exports/members.csv", screens.page(Section.EXPORTS, this::members))
                .get("/exports/purchases.csv", screens.page(Section.EXPORTS, this::purchases));
    }

    private void page(ServerRequest req, ServerResponse res, Visit visit) {
        LocalDate today = LocalDate.now(clock);
        render(res, visit, Status.OK_200, new Choice("", today.withDayOfMonth(1).toString(), today.toString()),
                new LinkedHashMap<>());
    }

    private void render(ServerResponse res, Visit visit, Status status, Choice choice, Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("choice", choice);
        model.put("errors", new Errors(errors));
        model.put("stores", stores(visit));
        model.put("anyStore", visit.role() == Role.ADMIN);
        screens.render(res, visit, status, "exports", "Exports", Section.EXPORTS, model);
    }

    /** The stores the person may export: a store manager's own; for an admin, the program's. */
    static List<String> stores(Visit visit) {
        return visit.role() != Role.ADMIN ? visit.staff().stores() : ConsolePages.programStores(visit);
    }

    private void members(ServerRequest req, ServerResponse res, Visit visit) {
        Choice choice = new Choice(query(req, "store"), "", "");
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> filters = storeFilter(visit, choice, errors, "members-store");
        if (!errors.isEmpty()) {
            render(res, visit, Status.create(422), choice, errors);
            return;
        }
        MemberPage first = visit.core().members(filters, null, pageSize);
        stream(res, "members" + (choice.store().isEmpty() ? "" : "-" + choice.store()) + "-" + LocalDate.now(clock),
                Rows.MEMBER_COLUMNS, out -> {
                    MemberPage page = first;
                    while (true) {
                        for (MemberView member : page.members()) {
                            out.write(Csv.line(Rows.member(member)));
                        }
                        if (page.next() == null) {
                            return;
                        }
                        page = visit.core().members(filters, page.next(), pageSize);
                    }
                });
    }

    private void purchases(ServerRequest req, ServerResponse res, Visit visit) {
        Choice choice = new Choice(query(req, "store"), query(req, "from"), query(req, "to"));
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> filters = storeFilter(visit, choice, errors, "purchases-store");
        LocalDate from = day(choice.from(), "from", "first", errors);
        LocalDate to = day(choice.to(), "to", "last", errors);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                errors.put("to", "The last day is on or after the first day.");
            } else if (from.plusDays(MAX_DAYS).isBefore(to)) {
                errors.put("to", "Export at most " + MAX_DAYS + " days at a time.");
            }
        }
        if (!errors.isEmpty()) {
            render(res, visit, Status.create(422), choice, errors);
            return;
        }
        filters.put("from", from.toString());
        // The core's 'to' is exclusive; the person's last day is included.
        filters.put("to", to.plusDays(1).toString());
        PurchasePage first = visit.core().purchases(filters, null, pageSize);
        stream(res, "purchases" + (choice.store().isEmpty() ? "" : "-" + choice.store()) + "-" + from + "-to-" + to,
                Rows.PURCHASE_COLUMNS, out -> {
                    PurchasePage page = first;
                    while (true) {
                        for (PurchasePage.Item purchase : page.purchases()) {
                            out.write(Csv.line(Rows.purchase(purchase)));
                        }
                        if (page.next() == null) {
                            return;
                        }
                        page = visit.core().purchases(filters, page.next(), pageSize);
                    }
                });
    }

    /**
     * The core's {@code store} filter for {@code choice}: a store manager's must be one of theirs (their first when
     * none is chosen, as the core does); an admin's any of the program's, or none for all.
     */
    private static Map<String, String> storeFilter(Visit visit, Choice choice, Map<String, String> errors,
                                                   String field) {
        Map<String, String> filters = new HashMap<>();
        String store = choice.store();
        if (visit.role() != Role.ADMIN) {
            if (store.isEmpty()) {
                store = visit.staff().stores().isEmpty() ? "" : visit.staff().stores().getFirst();
            } else if (!visit.staff().stores().contains(store)) {
                errors.put(field, "Choose one of your stores.");
                return filters;
            }
        }
        if (!store.isEmpty()) {
            if (!store.matches("[A-Za-z0-9_-]{1,32}")) {
                errors.put(field, "Choose a store from the list.");
                return filters;
            }
            filters.put("store", store);
        }
        return filters;
    }

    /** Something that writes lines of CSV. */
    @FunctionalInterface
    interface Writer {
        void write(String line) throws IOException;
    }

    /** What writes an export's rows, page after page. */
    @FunctionalInterface
    interface Body {
        void write(Writer out) throws IOException;
    }

    /** Sends the export as a download: the header line, then the rows as the core's pages arrive. */
    private static void stream(ServerResponse res, String name, List<String> columns, Body body) {
        download(res, name, out -> {
            out.write(Csv.line(columns));
            body.write(out);
        });
    }

    /** Sends what {@code body} writes as the CSV file {@code name}. */
    static void download(ServerResponse res, String name, Body body) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        try (OutputStream out = res.outputStream()) {
            body.write(line -> out.write(line.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // The browser went away, or the core failed half-way: the file is cut short, and the log says so.
            throw new UncheckedIOException("The export " + name + " was cut short", e);
        }
    }

    private static String query(ServerRequest req, String name) {
        return req.query().first(name).orElse("").strip();
    }

    private static LocalDate day(String value, String field, String which, Map<String, String> errors) {
        if (value.isEmpty()) {
            errors.put(field, "Enter the " + which + " day of the period, such as 2026-12-01.");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter the " + which + " day as a date such as 2026-12-01.");
            return null;
        }
    }
}
