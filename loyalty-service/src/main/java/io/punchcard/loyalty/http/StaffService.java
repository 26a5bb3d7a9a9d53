package io.punchcard.loyalty.http;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.OpenStaffSession;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.access.Staff;
import io.punchcard.loyalty.access.StaffAccess;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.search.Parameters;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.Problems;

/**
 * {@code /api/v1/staff}: members of staff log in to the console and out, read their account and change their
 * password; admins create, change and reset accounts and read the audit. Who may call what is {@link
 * StaffAccess}'s.
 */
public final class StaffService implements HttpService {

    private final StaffAccounts accounts;
    private final Audit audit;
    private final Programs programs;
    private final Clock clock;

    public StaffService(StaffAccounts accounts, Audit audit, Programs programs, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.programs = programs;
        this.clock = clock;
    }

    /**
     * {@code POST /api/v1/staff} body.
     *
     * @param email    the login
     * @param name     the person's name
     * @param role     ADMIN, STORE_MANAGER or CASHIER
     * @param stores   the stores of a STORE_MANAGER
     * @param password the first password, to be changed at the first login
     */
    record NewStaff(String email, String name, String role, List<String> stores, String password) {
    }

    /**
     * {@code PATCH /api/v1/staff/{id}} body; what is left out stays.
     *
     * @param name     the person's name
     * @param role     ADMIN, STORE_MANAGER or CASHIER
     * @param stores   the stores of a STORE_MANAGER
     * @param disabled whether the account may not log in (its sessions end)
     */
    record StaffChange(String name, String role, List<String> stores, Boolean disabled) {
    }

    /** @param password the new password, which its holder must change at their next login */
    record PasswordReset(String password) {
    }

    /**
     * @param current the password now
     * @param next    the new one (JSON {@code new})
     */
    record PasswordChange(String current, @com.fasterxml.jackson.annotation.JsonProperty("new") String next) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/sessions", this::login)
                .delete("/sessions/current", this::logout)
                .get("/me", this::me)
                .post("/me/password", this::changeOwnPassword)
                .get("/audit", this::audit)
                .post("/", this::create)
                .get("/", (req, res) -> res.send(accounts.list()))
                .patch("/{id}", this::change)
                .post("/{id}/password", this::reset);
    }

    private void login(ServerRequest req, ServerResponse res) {
        OpenStaffSession body = req.content().as(OpenStaffSession.class);
        if (body.email() == null || body.email().isBlank()) {
            throw ProblemException.invalidField("email", "Give the e-mail of the staff account.");
        }
        if (body.password() == null || body.password().isEmpty()) {
            throw ProblemException.invalidField("password", "Give the account's password.");
        }
        switch (accounts.login(body.email(), body.password(), Authentication.caller(req).id())) {
            case StaffAccounts.LoggedIn in -> {
                res.status(Status.CREATED_201);
                res.send(new StaffSession(in.token(), view(in.staff()), in.expiresAt(),
                        (int) accounts.policy().idle().toSeconds()));
            }
            case StaffAccounts.BadCredentials bad -> throw new ProblemException(Problem.of("bad-credentials",
                    "Wrong e-mail or password", 401, "No enabled staff account has this e-mail and password.",
                    "password"));
            case StaffAccounts.Locked locked -> {
                long seconds = Math.max(1, Duration.between(clock.instant(), locked.until()).toSeconds() + 1);
                res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
                Problems.send(req, res, Problem.of("staff-locked", "Account locked", 429, "Too many wrong passwords:"
                        + " this account takes logins again at " + locked.until() + ". An admin can lift the lock "
                        + "by setting a new password.", "email"));
            }
        }
    }

    private void logout(ServerRequest req, ServerResponse res) {
        String token = Authentication.staffToken(req).orElseThrow(() -> ProblemException.invalidField(
                StaffAccess.HEADER, "Send the token of the session to end as " + StaffAccess.HEADER + "."));
        accounts.logout(token, Authentication.caller(req).id());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void me(ServerRequest req, ServerResponse res) {
        UUID id = Authentication.actor(req).staffId();
        res.send(view(accounts.find(id).orElseThrow(() -> notFound(id))));
    }

    private void changeOwnPassword(ServerRequest req, ServerResponse res) {
        PasswordChange body = req.content().as(PasswordChange.class);
        res.send(view(done(accounts.changeOwnPassword(Authentication.actor(req), body.current(), body.next()), null)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        NewStaff body = req.content().as(NewStaff.class);
        StaffRole role = role(body.role(), false);
        Staff created = done(accounts.create(Authentication.actor(req), new StaffAccounts.NewAccount(body.email(),
                body.name(), role, stores(body.stores()), body.password()), true), null);
        res.status(Status.CREATED_201);
        res.send(created);
    }

    private void change(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        StaffChange body = req.content().as(StaffChange.class);
        res.send(done(accounts.change(Authentication.actor(req), id, new StaffAccounts.Change(body.name(),
                role(body.role(), true), stores(body.stores()), body.disabled())), id));
    }

    private void reset(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        PasswordReset body = req.content().as(PasswordReset.class);
        res.send(done(accounts.resetPassword(Authentication.actor(req), id, body.password()), id));
    }

    private void audit(ServerRequest req, ServerResponse res) {
        List<Violation> violations = new ArrayList<>();
        Parameters parameters = new Parameters(name -> req.query().first(name).asOptional(), violations);
        String actor = parameters.text("actor");
        String action = parameters.text("action");
        String target = parameters.text("target");
        Parameters.Period period = parameters.period("from", "to");
        int limit = parameters.limit();
        var after = parameters.after();
        if (!violations.isEmpty()) {
            throw Requests.invalid(violations);
        }
        res.send(audit.list(new Audit.Query(actor, action, target, period.from(), period.to(), after, limit)));
    }

    private static Staff done(StaffAccounts.Result result, UUID id) {
        return switch (result) {
            case StaffAccounts.Done done -> done.staff();
            case StaffAccounts.NotFound notFound -> throw notFound(id);
            case StaffAccounts.Invalid invalid -> throw ProblemException.invalidField(invalid.field(), invalid.detail());
            case StaffAccounts.Conflict conflict -> throw new ProblemException(Problem.of(conflict.type(),
                    conflict.type().equals("last-admin") ? "The last admin" : "E-mail taken", 409, conflict.detail(),
                    conflict.type().equals("last-admin") ? "role" : "email"));
        };
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(Problem.of("not-found", "No such staff account", 404,
                "There is no staff account " + id + ".", "id"));
    }

    private static StaffRole role(String raw, boolean optional) {
        if (raw == null && optional) {
            return null;
        }
        try {
            return StaffRole.valueOf(String.valueOf(raw).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("role", "role is ADMIN, STORE_MANAGER or CASHIER.");
        }
    }

    /** The stores given, each a store of the program; null when none were given. */
    private List<String> stores(List<String> stores) {
        if (stores == null) {
            return null;
        }
        for (int i = 0; i < stores.size(); i++) {
            String store = stores.get(i);
            if (store == null || programs.current().program().store(store).isEmpty()) {
                throw ProblemException.invalidField("stores[" + i + "]", "'" + store + "' is not a store of the program.");
            }
        }
        return List.copyOf(stores);
    }

    /** An account as its holder and the console see it. */
    static StaffAccount view(Staff staff) {
        return new StaffAccount(staff.id(), staff.email(), staff.name(), staff.role().name(), staff.stores(),
                staff.mustChangePassword(), staff.disabled());
    }
}
