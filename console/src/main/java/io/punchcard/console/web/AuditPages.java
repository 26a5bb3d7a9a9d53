package io.punchcard.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AuditPage;
import io.punchcard.api.v1.StaffDetails;
import io.punchcard.console.audit.AuditDiff;
import io.punchcard.console.staff.Section;

/**
 * The Audit section (admins): what staff and keys changed, newest first, filtered by who, what and when, a page at a
 * time with the core's cursor; each entry's before and after shown as the fields that changed.
 */
public final class AuditPages {

    /** Entries on one page: a screenful an admin reads, not an export. */
    static final int PAGE_SIZE = 50;
    /**
     * The actions the core audits (docs/api.md, "Audit"): the filter offers these, each resource's all at once too
     * ({@code member.*}); one the core does not write yet simply matches nothing.
     */
    static final List<String> ACTIONS = List.of("staff.*", "staff.create", "staff.update", "staff.password-reset",
            "staff.password-change", "staff.lock", "member.*", "member.adjust", "member.update", "member.merge",
            "member.erase", "member.unlink", "member.export", "member.redeem", "voucher.*", "voucher.issue",
            "voucher.batch", "points.batch", "program.change");

    /** A target as the core writes them: {@code <kind>:<id>}. */
    private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile("[a-z]+:[A-Za-z0-9_.-]{1,64}");

    private final Screens screens;

    AuditPages(Screens screens) {
        this.screens = screens;
    }

    /**
     * The filter as the admin set it.
     *
     * @param actor  a staff id, or empty for anyone
     * @param action an action, or empty for all
     * @param target what the entries are about ({@code staff:<id>}, {@code member:<id>}), or empty for anything
     * @param from   a day {@code 2026-12-01}, or empty
     * @param to     a day, included, or empty
     */
    public record Filter(String actor, String action, String target, String from, String to) {

        /** The query string of this filter, with the cursor {@code after} when not null. */
        public String query(String after) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("actor", actor);
            parameters.put("action", action);
            parameters.put("target", target);
            parameters.put("from", from);
            parameters.put("to", to);
            if (after != null) {
                parameters.put("after", after);
            }
            return parameters.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        }
    }

    /**
     * An entry as the table shows it.
     *
     * @param at      when, as {@code 2026-12-07 10:42:13 UTC}
     * @param who     the person's name, or the key
     * @param action  what
     * @param target  to whom, by name where the target is a staff account
     * @param changes the fields that changed
     */
    public record Row(String at, String who, String action, String target, List<AuditDiff.Change> changes) {
    }

    /**
     * A staff account for the actor filter's choice.
     *
     * @param id   its id
     * @param name its holder's name and e-mail
     */
    public record Actor(String id, String name) {
    }

    void routing(HttpRules rules) {
        rules.get("/audit", screens.page(Section.AUDIT, this::list));
    }

    private void list(ServerRequest req, ServerResponse res, Visit visit) {
        Filter filter = new Filter(query(req, "actor"), query(req, "action"), query(req, "target"), query(req, "from"),
                query(req, "to"));
        String after = req.query().first("after").orElse(null);
        List<StaffDetails> staff = visit.core().staff();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!filter.actor().isEmpty() && staff.stream().noneMatch(s -> s.id().toString().equals(filter.actor()))) {
            errors.put("actor", "Choose someone from the list.");
        }
        if (!filter.action().isEmpty() && !ACTIONS.contains(filter.action())) {
            errors.put("action", "Choose an action from the list.");
        }
        if (!filter.target().isEmpty() && !TARGET.matcher(filter.target()).matches()) {
            errors.put("target", "Enter what the changes are about as the audit names it, such as staff:<id> or "
                    + "member:<id>.");
        }
        LocalDate from = day(filter.from(), "from", errors);
        LocalDate to = day(filter.to(), "to", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.put("to", "The last day is on or after the first day.");
        }
        AuditPage page = null;
        if (errors.isEmpty()) {
            // The core's 'to' is exclusive; the admin's last day is included.
            AuditPage.Filter query = new AuditPage.Filter(blankToNull(filter.actor()), blankToNull(filter.action()),
                    blankToNull(filter.target()), from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), after, PAGE_SIZE);
            try {
                page = visit.core().audit(query);
            } catch (PunchcardException e) {
                if (e.status() != 400 || CoreProblems.field(e) == null) {
                    throw e;
                }
                errors.put(CoreProblems.field(e).equals("after") ? "from" : CoreProblems.field(e), CoreProblems.detail(e));
            }
        }
        Map<UUID, StaffDetails> byId = staff.stream().collect(Collectors.toMap(StaffDetails::id, Function.identity()));
        List<Row> rows = page == null ? List.of() : page.entries().stream().map(entry -> row(entry, byId)).toList();
        List<Actor> actors = staff.stream().map(s -> new Actor(s.id().toString(), s.name() + " (" + s.email() + ")"))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("filter", filter);
        model.put("errors", new Errors(errors));
        model.put("rows", rows);
        model.put("actors", actors);
        model.put("actions", ACTIONS);
        model.put("next", page == null || page.next() == null ? null : Paths.of(Section.AUDIT) + "?"
                + filter.query(page.next()));
        model.put("first", after == null ? null : Paths.of(Section.AUDIT) + "?" + filter.query(null));
        screens.render(res, visit, errors.isEmpty() ? Status.OK_200 : Status.create(422), "audit", "Audit trail",
                Section.AUDIT, model);
    }

    private static Row row(AuditPage.Entry entry, Map<UUID, StaffDetails> staff) {
        String who = entry.actorName() != null ? entry.actorName() + " (" + entry.actorEmail() + ")"
                : entry.actorStaffId() != null ? name(staff.get(entry.actorStaffId()), entry.actorStaffId().toString())
                : "cli".equals(entry.actorKeyId()) ? "command line" : "API key " + entry.actorKeyId();
        String target = entry.target();
        if (target != null && target.startsWith("staff:")) {
            try {
                UUID id = UUID.fromString(target.substring("staff:".length()));
                target = name(staff.get(id), target);
            } catch (IllegalArgumentException e) {
                // Not an id: shown as the core wrote it.
            }
        }
        String at = entry.at().toString().replace('T', ' ');
        at = (at.length() > 19 ? at.substring(0, 19) : at.replace("Z", "")) + " UTC";
        return new Row(at, who, entry.action(), target, AuditDiff.between(entry.before(), entry.after()));
    }

    private static String name(StaffDetails staff, String otherwise) {
        return staff == null ? otherwise : staff.name() + " (" + staff.email() + ")";
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String query(ServerRequest req, String name) {
        return req.query().first(name).orElse("").strip();
    }

    private static LocalDate day(String value, String field, Map<String, String> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter a day such as 2026-12-01.");
            return null;
        }
    }
}
