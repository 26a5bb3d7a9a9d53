package io.punchcard.console.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.console.ConsoleSettings;
import io.punchcard.console.staff.Lockout;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Assets;
import io.punchcard.platform.http.page.Cookies;
import io.punchcard.platform.http.page.Form;
import io.punchcard.platform.http.page.PageHeaders;
import io.punchcard.platform.http.page.Signer;

/**
 * The console's pages under {@code /console} (console/README.md): logging in and out, the password, the dashboard,
 * and the sections' pages, each registered by its own class through {@link Screens}. Every page is rendered here from
 * the server's session; the browser holds a random session id in an HttpOnly cookie and nothing else. Every answer
 * forbids keeping it and runs no script but our own files ({@link PageHeaders}).
 */
public final class ConsolePages implements HttpService {

    /** Before a login, the login form's token is a MAC of this cookie's random value. */
    static final String LOGIN_COOKIE = "console_login";

    private static final Assets ASSETS = new Assets("/console/assets/", Map.of(
            "htmx.min.js", "text/javascript; charset=utf-8",
            "htmx.LICENSE.txt", "text/plain; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "kpi-charts.js", "text/javascript; charset=utf-8"));
    /** Chart.js's bundle, from its WebJar on the class path, under {@code /console/assets/chart/}. */
    private static final Assets CHART = new Assets("/META-INF/resources/webjars/chart.js/" + webjarVersion("chart.js")
            + "/dist/", Map.of("chart.umd.min.js", "text/javascript; charset=utf-8",
            "LICENSE.md", "text/plain; charset=utf-8"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Screens screens;
    private final MemberPages members;
    private final Clock clock;
    private final StaffPages staff;
    private final AuditPages audit;
    private final ExportPages exports;
    private final CampaignPages campaigns;
    private final ProgramPages program;
    private final KpiPages kpis;

    /**
     * @param messages  the campaign scheduler's member messages, once connected; null until then
     * @param scheduler the campaign scheduler's API, once connected; null until then
     */
    public ConsolePages(ConsoleSettings settings, Sessions sessions, Supplier<PunchcardClient> core,
                        Supplier<MemberMessages> messages, Supplier<Scheduler> scheduler, Clock clock) {
        this.screens = new Screens(sessions, new Signer(settings.cookieSecret(), "punchcard console forms"), core,
                clock);
        this.members = new MemberPages(screens, messages);
        this.clock = clock;
        this.staff = new StaffPages(screens, clock);
        this.audit = new AuditPages(screens);
        this.exports = new ExportPages(screens, clock, settings.exportPageSize());
        this.campaigns = new CampaignPages(screens, scheduler);
        this.program = new ProgramPages(screens);
        this.kpis = new KpiPages(screens, clock);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> {
            PageHeaders.apply(res);
            res.next();
        });
        rules.get("/assets/{name}", ASSETS::serve)
                .get("/assets/chart/{name}", CHART::serve)
                .get("/login", this::loginPage)
                .post("/login", this::login)
                .post("/logout", screens.anyoneForm(this::logout))
                .get("/password", screens.anyone(this::passwordPage))
                .post("/password", screens.anyoneForm(this::changePassword));
        kpis.routing(rules);
        staff.routing(rules);
        audit.routing(rules);
        exports.routing(rules);
        members.routing(rules);
        campaigns.routing(rules);
        program.routing(rules);
        rules.any((req, res) -> {
                    if (req.path().absolute().path().equals(Paths.ROOT)) {
                        Screens.redirect(res, Paths.ROOT + "/");
                        return;
                    }
                    screens.problem(res, Status.NOT_FOUND_404, "Page not found",
                            "There is no console page at this address. Start again from the console's first page.");
                });
    }

    // ---- logging in and out

    private void loginPage(ServerRequest req, ServerResponse res) {
        if (Cookies.value(req, Screens.SESSION_COOKIE).map(id -> screens.sessions().find(id))
                .filter(found -> found instanceof Sessions.Live).isPresent()) {
            Screens.redirect(res, Paths.ROOT + "/");
            return;
        }
        String notice = switch (req.query().first("why").orElse("")) {
            case "idle" -> "You were logged out after a while without activity. Log in again to go on.";
            case "maximum" -> "Your session reached its longest time. Log in again to go on.";
            case "ended" -> "Your session has ended. Log in again to go on.";
            case "out" -> "You are logged out.";
            default -> null;
        };
        renderLogin(req, res, Status.OK_200, "", new LinkedHashMap<>(), notice);
    }

    private void renderLogin(ServerRequest req, ServerResponse res, Status status, String email,
                             Map<String, String> errors, String notice) {
        String value = Cookies.value(req, LOGIN_COOKIE).filter(v -> v.length() == 43).orElse(null);
        if (value == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Cookies.set(req, res, LOGIN_COOKIE, value, Paths.ROOT, -1);
        }
        Page page = new Page("Log in", null, List.of(), null, null, List.of(),
                screens.signer().sign(loginText(value)), notice);
        screens.render(res, status, "login", page, Map.of("email", email, "errors", new Errors(errors)));
    }

    private static String loginText(String cookie) {
        return "login|" + cookie;
    }

    private void login(ServerRequest req, ServerResponse res) {
        Form form;
        try {
            form = Form.read(req);
        } catch (Form.Refused e) {
            screens.problem(res, Status.create(e.status()), "This form cannot be read",
                    "The form that was sent is not the console's login form. Open the login page again.");
            return;
        }
        String cookie = Cookies.value(req, LOGIN_COOKIE).orElse("");
        if (cookie.isEmpty() || !screens.signer().verifies(loginText(cookie), form.optional("_csrf"))) {
            screens.problem(res, Status.FORBIDDEN_403, "This form has expired",
                    "The login form was sent from an old page, or the browser does not keep the console's cookies. "
                            + "Open the login page again and log in from there.");
            return;
        }
        String email = form.get("email");
        String password = form.optional("password");
        Map<String, String> errors = new LinkedHashMap<>();
        if (email.isEmpty()) {
            errors.put("email", "Enter your e-mail address.");
        }
        if (password == null) {
            errors.put("password", "Enter your password.");
        }
        if (!errors.isEmpty()) {
            renderLogin(req, res, Status.create(422), email, errors, null);
            return;
        }
        PunchcardClient core = screens.core();
        if (core == null) {
            screens.problem(res, Status.SERVICE_UNAVAILABLE_503, "Not ready yet",
                    "The console is starting and not yet connected to the loyalty core. Try again in a moment.");
            return;
        }
        StaffSession opened;
        try {
            opened = core.openStaffSession(email, password);
        } catch (PunchcardException e) {
            switch (CoreProblems.type(e)) {
                case "bad-credentials" -> {
                    errors.put("password", "The e-mail address or the password is wrong.");
                    renderLogin(req, res, Status.create(422), email, errors, null);
                }
                case "staff-locked" -> {
                    errors.put("email", Lockout.sentence(CoreProblems.detail(e), clock.instant()));
                    renderLogin(req, res, Status.TOO_MANY_REQUESTS_429, email, errors, null);
                }
                default -> {
                    if (e.status() == 400 && CoreProblems.field(e) != null) {
                        errors.put(CoreProblems.field(e).equals("password") ? "password" : "email",
                                CoreProblems.detail(e));
                        renderLogin(req, res, Status.create(422), email, errors, null);
                    } else {
                        screens.problem(res, Status.SERVICE_UNAVAILABLE_503, "The loyalty core is not answering",
                                "The console cannot reach the loyalty core just now, so no one can log in. Try "
                                        + "again in a minute.");
                    }
                }
            }
            return;
        }
        ConsoleSession session = screens.sessions().open(opened).orElse(null);
        if (session == null) {
            try {
                core.inStaffSession(opened.token()).endStaffSession();
            } catch (RuntimeException e) {
                // The core ends the unused session itself when it has been idle long enough.
                System.getLogger(ConsolePages.class.getName()).log(System.Logger.Level.WARNING,
                        "Could not end an unused staff session at the core: " + e.getMessage());
            }
            screens.problem(res, Status.SERVICE_UNAVAILABLE_503, "The console is busy",
                    "Too many people are logged in to this console. Try again in a few minutes.");
            return;
        }
        // A new id at every login, and the login form's cookie spent: nothing of before the login names the session.
        Cookies.delete(req, res, LOGIN_COOKIE, Paths.ROOT);
        Cookies.set(req, res, Screens.SESSION_COOKIE, session.id(), Paths.ROOT, -1);
        Screens.redirect(res, opened.staff().mustChangePassword() ? Paths.PASSWORD
                : Paths.of(Section.home(session.role())));
    }

    private void logout(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        screens.sessions().end(visit.session());
        // Whatever the browser may have kept of the pages: gone. The session cookie is deleted by name (listing
        // "cookies" here would also delete the cookies of the kiosk and the API's other pages on the same origin).
        res.header("Clear-Site-Data", "\"cache\", \"storage\"");
        Cookies.delete(req, res, Screens.SESSION_COOKIE, Paths.ROOT);
        Screens.redirect(res, Paths.LOGIN + "?why=out");
    }

    // ---- the password

    private void passwordPage(ServerRequest req, ServerResponse res, Visit visit) {
        renderPassword(res, visit, Status.OK_200, new LinkedHashMap<>());
    }

    private void renderPassword(ServerResponse res, Visit visit, Status status, Map<String, String> errors) {
        screens.render(res, visit, status, "password",
                visit.staff().mustChangePassword() ? "Choose your own password" : "Change your password", null,
                Map.of("forced", visit.staff().mustChangePassword(), "errors", new Errors(errors)));
    }

    private void changePassword(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        String current = form.optional("current");
        String next = form.optional("new");
        String confirm = form.optional("confirm");
        Map<String, String> errors = new LinkedHashMap<>();
        if (current == null) {
            errors.put("current", "Enter your current password.");
        }
        if (next == null) {
            errors.put("new", "Enter a new password.");
        } else if (!next.equals(confirm)) {
            errors.put("confirm", "Type the same new password twice.");
        }
        if (!errors.isEmpty()) {
            renderPassword(res, visit, Status.create(422), errors);
            return;
        }
        StaffAccount changed;
        try {
            changed = visit.core().changeOwnPassword(current, next);
        } catch (PunchcardException e) {
            String field = CoreProblems.field(e);
            if (e.status() == 400 && ("current".equals(field) || "new".equals(field))) {
                errors.put(field, CoreProblems.detail(e));
                renderPassword(res, visit, Status.create(422), errors);
                return;
            }
            throw e;
        }
        visit.session().staff(changed, clock.instant());
        visit.session().notice("Your password is changed.");
        Screens.redirect(res, Paths.of(Section.home(visit.role())));
    }

    /** The program's store codes, which an admin may choose from. */
    static List<String> programStores(Visit visit) {
        List<String> codes = new java.util.ArrayList<>();
        visit.core().program().path("program").path("stores").forEach(store -> codes.add(store.path("code").asText()));
        return codes;
    }

    /** The version of the WebJar {@code artifact} on the class path, from its Maven properties. */
    private static String webjarVersion(String artifact) {
        try (java.io.InputStream in = ConsolePages.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/"
                + artifact + "/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "missing");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
