package io.punchcard.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Cookies;
import io.punchcard.platform.http.page.Form;
import io.punchcard.platform.http.page.Signer;

/**
 * What every console page is built with: the guard that lets a request reach a section only with a live session of a
 * role that may use it (else the login page, or a friendly 403), the CSRF check of every form, the rendering of a
 * template in the layout, and the one place where a failure becomes a page — never a stack trace. A page class (the
 * staff pages, the audit, the exports, the members) registers its routes through {@link #page} and {@link #form}.
 */
public final class Screens {

    static final String SESSION_COOKIE = "console_session";

    private static final System.Logger LOG = System.getLogger(Screens.class.getName());

    private final Sessions sessions;
    private final Signer signer;
    private final Supplier<PunchcardClient> core;
    private final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "gg.jte.generated.console");

    Screens(Sessions sessions, Signer signer, Supplier<PunchcardClient> core, Clock clock) {
        this.sessions = sessions;
        this.signer = signer;
        this.core = core;
        this.clock = clock;
    }

    /** A page's handler. */
    @FunctionalInterface
    public interface Screen {
        void handle(ServerRequest req, ServerResponse res, Visit visit) throws Exception;
    }

    /** A form's handler, given the form once its token is checked. */
    @FunctionalInterface
    public interface FormScreen {
        void handle(ServerRequest req, ServerResponse res, Visit visit, Form form) throws Exception;
    }

    /** A page of {@code section}: a live session whose role may use it, and whose password need not change first. */
    public Handler page(Section section, Screen screen) {
        return guarded(section, false, screen);
    }

    /** A form of {@code section}, reached only with a well-formed form carrying the session's token. */
    public Handler form(Section section, FormScreen screen) {
        return guarded(section, false, checked(screen));
    }

    /** A page of any logged-in person, even one who must change their password first (the password page). */
    Handler anyone(Screen screen) {
        return guarded(null, true, screen);
    }

    /** A form of any logged-in person, even one who must change their password first (that form, logging out). */
    Handler anyoneForm(FormScreen screen) {
        return guarded(null, true, checked(screen));
    }

    private Screen checked(FormScreen screen) {
        return (req, res, visit) -> {
            Form form = Form.read(req);
            if (!signer.verifies(csrfText(visit.session()), form.optional("_csrf"))) {
                problem(res, visit, Status.FORBIDDEN_403, "This form has expired",
                        "The form was sent without its token, or from an old page. Open the page again and send it from there.");
                return;
            }
            screen.handle(req, res, visit, form);
        };
    }

    private Handler guarded(Section section, boolean beforePasswordChange, Screen screen) {
        return (req, res) -> {
            ConsoleSession session;
            switch (sessions.find(Cookies.value(req, SESSION_COOKIE).orElse(null))) {
                case Sessions.Live live -> session = live.session();
                case Sessions.Ended ended -> {
                    Cookies.delete(req, res, SESSION_COOKIE, Paths.ROOT);
                    redirect(res, Paths.LOGIN + "?why=" + switch (ended.why()) {
                        case IDLE -> "idle";
                        case MAXIMUM -> "maximum";
                    });
                    return;
                }
                case Sessions.Unknown unknown -> {
                    boolean hadOne = Cookies.value(req, SESSION_COOKIE).isPresent();
                    if (hadOne) {
                        Cookies.delete(req, res, SESSION_COOKIE, Paths.ROOT);
                    }
                    redirect(res, Paths.LOGIN + (hadOne ? "?why=ended" : ""));
                    return;
                }
            }
            PunchcardClient connected = core.get();
            Visit visit = new Visit(session, connected == null ? null : connected.inStaffSession(session.coreToken()),
                    signer.sign(csrfText(session)));
            if (connected == null) {
                problem(res, visit, Status.SERVICE_UNAVAILABLE_503, "Not ready yet",
                        "The console is starting and not yet connected to the loyalty core. Try again in a moment.");
                return;
            }
            safely(req, res, visit, (rq, rs, v) -> {
                if (session.staleAt(clock.instant())) {
                    // An admin may have changed the role, the stores or the password since: the pages follow.
                    session.staff(v.core().me(), clock.instant());
                }
                if (!beforePasswordChange && session.staff().mustChangePassword()) {
                    redirect(rs, Paths.PASSWORD);
                    return;
                }
                if (section != null && !section.allows(session.role())) {
                    problem(rs, v, Status.FORBIDDEN_403, "Not for your role",
                            "The " + section.label() + " pages are not open to a " + session.role().label()
                                    .toLowerCase(java.util.Locale.ROOT) + ". Ask an admin if you need them.");
                    return;
                }
                screen.handle(rq, rs, v);
            });
        };
    }

    /** Runs {@code screen}, turning every failure into a page; a session the core has ended leads to the login page. */
    void safely(ServerRequest req, ServerResponse res, Visit visit, Screen screen) {
        try {
            screen.handle(req, res, visit);
        } catch (Form.Refused e) {
            problem(res, visit, Status.create(e.status()), "This form cannot be read",
                    "The form that was sent is not one of the console's. Open the page again and send it from there.");
        } catch (PunchcardException e) {
            if (res.isSent()) {
                // An export half-way through: the file is cut short, no page can follow.
                LOG.log(System.Logger.Level.WARNING, "The core failed during " + req.path().absolute().path() + ": "
                        + e.getMessage());
                return;
            }
            refused(req, res, visit, e);
        } catch (Exception e) {
            String incident = UUID.randomUUID().toString();
            LOG.log(System.Logger.Level.ERROR, "Console page " + req.path().absolute().path() + " failed (incident "
                    + incident + ")", e);
            if (!res.isSent()) {
                problem(res, visit, Status.INTERNAL_SERVER_ERROR_500, "Something went wrong",
                        "The console could not show this page. If it happens again, tell your administrator: incident "
                                + incident + ".");
            }
        }
    }

    /** The core refused a request a page did not expect it to: a page that says why, in plain words. */
    private void refused(ServerRequest req, ServerResponse res, Visit visit, PunchcardException e) {
        String type = CoreProblems.type(e);
        if (e.status() == 401 && type.startsWith("staff-session")) {
            // The core ended the session (idle, disabled, password reset by an admin): it is over here too.
            sessions.forget(visit.session());
            Cookies.delete(req, res, SESSION_COOKIE, Paths.ROOT);
            redirect(res, Paths.LOGIN + "?why=ended");
        } else if (e.status() == 403 && type.equals("password-change-required")) {
            redirect(res, Paths.PASSWORD);
        } else if (e.status() == 403) {
            problem(res, visit, Status.FORBIDDEN_403, "Not for your role",
                    "The loyalty core does not let your account do this. Ask an admin if you need it.");
        } else if (e.status() == 404) {
            problem(res, visit, Status.NOT_FOUND_404, "Not found", CoreProblems.detail(e));
        } else if (e.status() == 0 || e.status() == 401 || e.status() >= 500 || e.status() == 429) {
            LOG.log(System.Logger.Level.WARNING, "The core is out of reach for the console: " + e.getMessage());
            problem(res, visit, Status.SERVICE_UNAVAILABLE_503, "The loyalty core is not answering",
                    "The console cannot reach the loyalty core just now. Try again in a minute.");
        } else {
            problem(res, visit, Status.create(422), "The loyalty core refused this", CoreProblems.detail(e));
        }
    }

    /** The token of the forms a session's pages show. */
    private static String csrfText(ConsoleSession session) {
        return "csrf|" + session.id();
    }

    /** Renders {@code template} with {@code model} inside the layout, for a logged-in person. */
    public void render(ServerResponse res, Visit visit, Status status, String template, String title, Section current,
                       Map<String, Object> model) {
        ConsoleSession session = visit.session();
        Page page = new Page(title, current, Section.of(session.role()), session.staff().name(),
                session.role().label(), session.staff().stores(), visit.csrf(), session.takeNotice());
        render(res, status, template, page, model);
    }

    /** Renders {@code template} with {@code model} inside the layout, for a page of no session (login, problems). */
    void render(ServerResponse res, Status status, String template, Page page, Map<String, Object> model) {
        Map<String, Object> parameters = new HashMap<>(model);
        parameters.put("page", page);
        StringOutput output = new StringOutput();
        templates.render(template + ".jte", parameters, output);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(output.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Renders {@code template}, a piece of a page that htmx puts in place, without the layout. */
    void fragment(ServerResponse res, Status status, String template, Map<String, Object> model) {
        StringOutput output = new StringOutput();
        templates.render(template + ".jte", model, output);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(output.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A page that says what went wrong, in the layout of the person's session. */
    public void problem(ServerResponse res, Visit visit, Status status, String title, String message) {
        render(res, visit, status, "problem", title, null, Map.of("message", message));
    }

    /** A page that says what went wrong, before anyone logged in. */
    void problem(ServerResponse res, Status status, String title, String message) {
        render(res, status, "problem", new Page(title, null, List.of(), null, null, List.of(), "", null),
                Map.of("message", message));
    }

    /** 303 to {@code path}: after a form, the browser asks for the page afresh, so a reload sends nothing twice. */
    public static void redirect(ServerResponse res, String path) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, path);
        res.send();
    }

    Signer signer() {
        return signer;
    }

    Sessions sessions() {
        return sessions;
    }

    PunchcardClient core() {
        return core.get();
    }
}
