package io.punchcard.console.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.NewStaff;
import io.punchcard.api.v1.StaffChange;
import io.punchcard.api.v1.StaffDetails;
import io.punchcard.console.staff.OneTimePasswords;
import io.punchcard.console.staff.Role;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Form;

/**
 * The Staff section (admins): the accounts, a new one with its role and stores, a change of role, stores or whether
 * it may log in, and a new password. Passwords an admin hands over are made here ({@link OneTimePasswords}), shown
 * once on the answer to the form that made them, and never kept: their holder must change them at the first login.
 */
public final class StaffPages {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Screens screens;
    private final Clock clock;

    StaffPages(Screens screens, Clock clock) {
        this.screens = screens;
        this.clock = clock;
    }

    /**
     * An account as the list shows it.
     *
     * @param id     its id
     * @param name   the person's name
     * @param email  the login
     * @param role   the role, as a person reads it
     * @param stores the stores of a store manager, joined by commas
     * @param status "Active", "Disabled", "Locked until 10:42 UTC", "Must change password"
     */
    public record Row(UUID id, String name, String email, String role, String stores, String status) {
    }

    /**
     * The fields of the new-account form or the change form, as typed.
     *
     * @param email    the login (new accounts only)
     * @param name     the person's name
     * @param role     the core's name of the role
     * @param stores   store codes separated by commas
     * @param disabled whether the account may not log in (changes only)
     */
    public record Fields(String email, String name, String role, String stores, boolean disabled) {

        static Fields empty() {
            return new Fields("", "", Role.CASHIER.name(), "", false);
        }

        static Fields of(StaffDetails staff) {
            return new Fields(staff.email(), staff.name(), staff.role(), String.join(", ", staff.stores()),
                    staff.disabled());
        }

        static Fields read(Form form, String email) {
            return new Fields(email, form.get("name"), form.get("role"), form.get("stores"),
                    "yes".equals(form.get("disabled")));
        }

        /** The stores typed, each a code; empty for an admin, who acts for every store. */
        List<String> storeCodes() {
            if (Role.ADMIN.name().equals(role)) {
                return List.of();
            }
            return Arrays.stream(stores.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** The roles for the form's choice. */
    public static List<Role> roles() {
        return List.of(Role.values());
    }

    void routing(HttpRules rules) {
        rules.get("/staff", screens.page(Section.STAFF, this::list))
                .post("/staff", screens.form(Section.STAFF, this::create))
                .get("/staff/{id}", screens.page(Section.STAFF, this::edit))
                .post("/staff/{id}", screens.form(Section.STAFF, this::change))
                .post("/staff/{id}/password", screens.form(Section.STAFF, this::reset));
    }

    private void list(ServerRequest req, ServerResponse res, Visit visit) {
        renderList(res, visit, Status.OK_200, Fields.empty(), new LinkedHashMap<>());
    }

    private void renderList(ServerResponse res, Visit visit, Status status, Fields fields, Map<String, String> errors) {
        Instant now = clock.instant();
        List<Row> rows = visit.core().staff().stream().map(staff -> new Row(staff.id(), staff.name(), staff.email(),
                Role.of(staff.role()).map(Role::label).orElse(staff.role()), String.join(", ", staff.stores()),
                status(staff, now))).toList();
        screens.render(res, visit, status, "staff", "Staff", Section.STAFF, Map.of("rows", rows, "fields", fields,
                "errors", new Errors(errors), "roles", roles()));
    }

    private static String status(StaffDetails staff, Instant now) {
        if (staff.disabled()) {
            return "Disabled";
        }
        if (staff.lockedUntil() != null && now.isBefore(staff.lockedUntil())) {
            return "Locked until " + staff.lockedUntil().toString().substring(11, 16) + " UTC";
        }
        return staff.mustChangePassword() ? "Must change password" : "Active";
    }

    private void create(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Fields fields = Fields.read(form, form.get("email"));
        Map<String, String> errors = check(fields, true);
        if (!errors.isEmpty()) {
            renderList(res, visit, Status.create(422), fields, errors);
            return;
        }
        String password = OneTimePasswords.generate(fields.email(), RANDOM);
        StaffDetails created;
        try {
            created = visit.core().createStaff(new NewStaff(fields.email(), fields.name(), fields.role(),
                    fields.storeCodes().isEmpty() ? null : fields.storeCodes(), password));
        } catch (PunchcardException e) {
            if (!refusedField(e, errors)) {
                throw e;
            }
            renderList(res, visit, Status.create(422), fields, errors);
            return;
        }
        showPassword(res, visit, created, password, "Account created");
    }

    private void edit(ServerRequest req, ServerResponse res, Visit visit) {
        StaffDetails staff = find(visit, req);
        if (staff == null) {
            notFound(res, visit);
            return;
        }
        renderEdit(res, visit, Status.OK_200, staff, Fields.of(staff), new LinkedHashMap<>());
    }

    private void renderEdit(ServerResponse res, Visit visit, Status status, StaffDetails staff, Fields fields,
                            Map<String, String> errors) {
        screens.render(res, visit, status, "staff-edit", staff.name(), Section.STAFF, Map.of("staff", staff,
                "fields", fields, "errors", new Errors(errors), "roles", roles()));
    }

    private void change(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        StaffDetails staff = find(visit, req);
        if (staff == null) {
            notFound(res, visit);
            return;
        }
        Fields fields = Fields.read(form, staff.email());
        Map<String, String> errors = check(fields, false);
        if (!errors.isEmpty()) {
            renderEdit(res, visit, Status.create(422), staff, fields, errors);
            return;
        }
        try {
            visit.core().changeStaff(staff.id(), new StaffChange(fields.name(), fields.role(), fields.storeCodes(),
                    fields.disabled()));
        } catch (PunchcardException e) {
            if (!refusedField(e, errors)) {
                throw e;
            }
            renderEdit(res, visit, Status.create(422), staff, fields, errors);
            return;
        }
        visit.session().notice("The account of " + fields.name() + " is saved.");
        Screens.redirect(res, Paths.of(Section.STAFF));
    }

    private void reset(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        StaffDetails staff = find(visit, req);
        if (staff == null) {
            notFound(res, visit);
            return;
        }
        String password = OneTimePasswords.generate(staff.email(), RANDOM);
        showPassword(res, visit, visit.core().resetStaffPassword(staff.id(), password), password, "New password set");
    }

    /** The one-time password, shown this once: the page is not kept (no-store) and the password is not stored here. */
    private void showPassword(ServerResponse res, Visit visit, StaffDetails staff, String password, String title) {
        screens.render(res, visit, Status.OK_200, "staff-password", title, Section.STAFF, Map.of("staff", staff,
                "password", password));
    }

    /** What the console can tell before asking the core: a field left empty, an unknown role. */
    private static Map<String, String> check(Fields fields, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (creating && fields.email().isEmpty()) {
            errors.put("email", "Enter the person's e-mail address: it is their login.");
        }
        if (fields.name().isEmpty()) {
            errors.put("name", "Enter the person's name.");
        }
        if (Role.of(fields.role()).isEmpty()) {
            errors.put("role", "Choose a role.");
        } else if (Role.STORE_MANAGER.name().equals(fields.role()) && fields.storeCodes().isEmpty()) {
            errors.put("stores", "A store manager manages at least one store: enter its code.");
        }
        return errors;
    }

    /** Puts the field the core refused (a bad e-mail, a taken one, an unknown store, the last admin) into errors. */
    private static boolean refusedField(PunchcardException e, Map<String, String> errors) {
        String field = CoreProblems.field(e);
        if ((e.status() != 400 && e.status() != 409) || field == null) {
            return false;
        }
        String id = field.startsWith("stores") ? "stores" : field;
        if (!List.of("email", "name", "role", "stores", "disabled").contains(id)) {
            return false;
        }
        errors.put(id, CoreProblems.detail(e));
        return true;
    }

    private static StaffDetails find(Visit visit, ServerRequest req) {
        String raw = req.path().pathParameters().get("id");
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return visit.core().staff().stream().filter(staff -> staff.id().equals(id)).findFirst().orElse(null);
    }

    private void notFound(ServerResponse res, Visit visit) {
        screens.problem(res, visit, Status.NOT_FOUND_404, "No such account",
                "There is no staff account at this address. Go back to the Staff list.");
    }
}
