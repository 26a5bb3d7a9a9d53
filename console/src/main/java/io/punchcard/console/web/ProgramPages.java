package io.punchcard.console.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.ProgramVersion;
import io.punchcard.api.v1.ProgramVersions;
import io.punchcard.console.staff.Role;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Form;

/**
 * The Program section: the program in force (earning rules, tiers, voucher templates, rewards, stores), one entry of
 * each changed through the core's section routes (admins; a store manager reads), and the saved versions with what
 * each changed. The core checks every change; its problem's field paths, relative to the part sent, are put beside
 * the form's fields of the same name.
 */
public final class ProgramPages {

    /** How many versions the history shows: the newest, each opening what it changed. */
    private static final int HISTORY = 20;

    private final Screens screens;

    ProgramPages(Screens screens) {
        this.screens = screens;
    }

    /**
     * A keyed kind of entry of the program.
     *
     * @param slug    its name in the console's paths
     * @param label   its name for people
     * @param list    where its entries stand in the program document
     * @param section the core's section route ({@code PUT /api/v1/program/<section>/{code}})
     * @param key     the field that names an entry
     */
    public enum Part {
        RULES("rules", "Earning rules", "/earning/rules", "earning/rules", "id"),
        TIERS("tiers", "Tiers", "/tiers/levels", "tiers", "code"),
        TEMPLATES("templates", "Voucher templates", "/voucherTemplates", "templates", "code"),
        REWARDS("rewards", "Rewards", "/rewards", "rewards", "code"),
        STORES("stores", "Stores", "/stores", "stores", "code");

        private final String slug;
        private final String label;
        private final String list;
        private final String section;
        private final String key;

        Part(String slug, String label, String list, String section, String key) {
            this.slug = slug;
            this.label = label;
            this.list = list;
            this.section = section;
            this.key = key;
        }

        public String slug() {
            return slug;
        }

        public String label() {
            return label;
        }

        static Part of(String slug) {
            for (Part part : values()) {
                if (part.slug.equals(slug)) {
                    return part;
                }
            }
            return null;
        }
    }

    /**
     * An entry as the program page lists it.
     *
     * @param code    its key
     * @param summary its other plain fields, "name: Gold, threshold: 150000"
     */
    public record Entry(String code, String summary) {
    }

    /** A part's entries, for the page. */
    public record Listing(Part part, List<Entry> entries) {
    }

    /** One of an entry's plain fields, as the form shows it. */
    public record Field(String name, String value) {
    }

    void routing(HttpRules rules) {
        rules.get("/program", screens.page(Section.PROGRAM, this::overview))
                .get("/program/versions/{n}", screens.page(Section.PROGRAM, this::version))
                .get("/program/{part}/{code}", screens.page(Section.PROGRAM, this::edit))
                .post("/program/{part}/{code}", screens.form(Section.PROGRAM, this::save));
    }

    private void overview(ServerRequest req, ServerResponse res, Visit visit) {
        JsonNode versioned = visit.core().program();
        JsonNode program = versioned.path("program");
        List<Listing> listings = new ArrayList<>();
        for (Part part : Part.values()) {
            listings.add(new Listing(part, Scheduler.list(program.at(part.list)).stream().map(entry -> new Entry(
                    entry.path(part.key).asText(), summary(entry, part.key))).toList()));
        }
        ProgramVersions versions = visit.core().programVersions(null, HISTORY);
        screens.render(res, visit, Status.OK_200, "program", "Program", Section.PROGRAM, Map.of("version",
                versioned.path("version").asInt(), "currency", program.path("currency").asText(), "timezone",
                program.path("timezone").asText(), "listings", listings, "versions", versions.versions(),
                "editable", visit.role() == Role.ADMIN));
    }

    private static String summary(JsonNode entry, String key) {
        List<String> parts = new ArrayList<>();
        entry.fields().forEachRemaining(field -> {
            if (!field.getKey().equals(key)) {
                parts.add(field.getKey() + ": " + (field.getValue().isValueNode() ? field.getValue().asText()
                        : field.getValue().toString()));
            }
        });
        return String.join(", ", parts);
    }

    private void version(ServerRequest req, ServerResponse res, Visit visit) {
        int number;
        try {
            number = Integer.parseInt(req.path().pathParameters().get("n"));
        } catch (NumberFormatException e) {
            screens.problem(res, visit, Status.NOT_FOUND_404, "No such version",
                    "Program versions are numbered from 1. Go back to the Program page.");
            return;
        }
        ProgramVersion version = visit.core().programVersion(number);
        screens.render(res, visit, Status.OK_200, "program-version", "Program version " + number, Section.PROGRAM,
                Map.of("version", version));
    }

    // ---- changing an entry

    private void edit(ServerRequest req, ServerResponse res, Visit visit) {
        Found found = find(req, visit);
        if (found == null) {
            notFound(res, visit);
            return;
        }
        renderEdit(res, visit, Status.OK_200, found, fields(found.entry(), found.part().key), Errors.none());
    }

    private void renderEdit(ServerResponse res, Visit visit, Status status, Found found, List<Field> fields,
                            Errors errors) {
        screens.render(res, visit, status, "program-entry", found.part().label + ": " + found.code(),
                Section.PROGRAM, Map.of("part", found.part(), "code", found.code(), "fields", fields, "errors",
                        errors, "editable", visit.role() == Role.ADMIN));
    }

    private void save(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        if (visit.role() != Role.ADMIN) {
            screens.problem(res, visit, Status.FORBIDDEN_403, "Not for your role",
                    "Only an admin changes the program. A store manager reads it.");
            return;
        }
        Found found = find(req, visit);
        if (found == null) {
            notFound(res, visit);
            return;
        }
        ObjectNode changed = found.entry().deepCopy();
        List<Field> typed = new ArrayList<>();
        for (Field field : fields(found.entry(), found.part().key)) {
            String value = form.optional(field.name());
            value = value == null ? "" : value.strip();
            typed.add(new Field(field.name(), value));
            setTyped(changed, field.name(), value);
        }
        Object body = changed;
        String code = found.code();
        if (found.part() == Part.TIERS) {
            // The ladder is one section: the level goes back in its place.
            ObjectNode tiers = found.program().path("tiers").deepCopy();
            ((ArrayNode) tiers.withArray("levels")).set(found.index(), changed);
            body = tiers;
            code = null;
        }
        try {
            visit.core().putProgramPart(found.part().section, code, body);
        } catch (PunchcardException e) {
            if (e.status() != 400 || e.problem() == null) {
                throw e;
            }
            renderEdit(res, visit, Status.create(422), found, typed, errorsOf(e.problem(), found, typed));
            return;
        }
        visit.session().notice("Saved: " + found.part().label.toLowerCase(java.util.Locale.ROOT) + " " + found.code()
                + ". The change is the program's newest version.");
        Screens.redirect(res, Paths.of(Section.PROGRAM));
    }

    /**
     * The core's fields at fault beside the form's fields: relative to the entry sent ({@code pointsPrice}), or for a
     * tier, to the ladder ({@code levels[1].threshold}); any other under "entry-error" at the top.
     */
    private static Errors errorsOf(Problem problem, Found found, List<Field> typed) {
        List<Problem.FieldError> all = problem.errors() == null || problem.errors().isEmpty()
                ? List.of(new Problem.FieldError(problem.field() == null ? "" : problem.field(), problem.detail()))
                : problem.errors();
        String prefix = found.part() == Part.TIERS ? "levels[" + found.index() + "]." : "";
        Map<String, String> errors = new LinkedHashMap<>();
        for (Problem.FieldError error : all) {
            String path = error.field() == null ? "" : error.field();
            String name = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            boolean shown = typed.stream().anyMatch(field -> field.name().equals(name));
            // Named in the sentence too: the summary at the top shows it without its field.
            errors.putIfAbsent(shown ? name : "entry-error", (path.isEmpty() ? "" : name + " ") + error.detail());
        }
        return new Errors(errors);
    }

    /** A number stays a number and a flag a flag when typed as one; anything else goes as text, for the core to name. */
    private static void setTyped(ObjectNode entry, String name, String value) {
        JsonNode before = entry.path(name);
        if (value.isEmpty() && !before.isTextual()) {
            entry.remove(name);
        } else if (before.isNumber() && value.matches("-?\\d{1,18}")) {
            entry.put(name, Long.parseLong(value));
        } else if (before.isBoolean() && (value.equals("true") || value.equals("false"))) {
            entry.put(name, Boolean.parseBoolean(value));
        } else {
            entry.put(name, value);
        }
    }

    /** The entry's plain fields (text, numbers, flags), its key left out: lists and objects stay as they are. */
    private static List<Field> fields(JsonNode entry, String key) {
        List<Field> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> all = entry.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> field = all.next();
            if (!field.getKey().equals(key) && field.getValue().isValueNode() && !field.getValue().isNull()) {
                fields.add(new Field(field.getKey(), field.getValue().asText()));
            }
        }
        return fields;
    }

    /** The entry a path names, in the program in force. */
    private record Found(Part part, String code, JsonNode program, JsonNode entry, int index) {
    }

    private static Found find(ServerRequest req, Visit visit) {
        Part part = Part.of(req.path().pathParameters().get("part"));
        if (part == null) {
            return null;
        }
        String code = req.path().pathParameters().get("code");
        JsonNode program = visit.core().program().path("program");
        List<JsonNode> entries = Scheduler.list(program.at(part.list));
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).path(part.key).asText().equals(code)) {
                return new Found(part, code, program, entries.get(i), i);
            }
        }
        return null;
    }

    private void notFound(ServerResponse res, Visit visit) {
        screens.problem(res, visit, Status.NOT_FOUND_404, "Not in the program",
                "The program has no such entry. Go back to the Program page.");
    }
}
