package io.punchcard.kiosk.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.BuyReward;
import io.punchcard.api.v1.KioskSession;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.api.v1.VoucherView;
import io.punchcard.kiosk.KioskSettings;
import io.punchcard.kiosk.codes.Barcodes;
import io.punchcard.kiosk.core.Catalogue;
import io.punchcard.kiosk.core.OneTimeCodes;
import io.punchcard.kiosk.text.Language;
import io.punchcard.kiosk.text.Masking;
import io.punchcard.kiosk.text.Messages;
import io.punchcard.platform.http.page.Assets;
import io.punchcard.platform.http.page.Cookies;
import io.punchcard.platform.http.page.Form;
import io.punchcard.platform.http.page.PageHeaders;

/**
 * The kiosk's screens under {@code /kiosk} (the page contract: kiosk-client/README.md). Every page is rendered here
 * from the server's session; the browser holds two cookies and nothing else: the device's pairing and a random
 * session id. Every answer forbids keeping it ({@code Cache-Control: no-store}) and runs no script but our own
 * files (Content-Security-Policy). Whatever the core or the scheduler answers, the shopper reads a sentence in their
 * language.
 */
public final class KioskPages implements HttpService {

    static final String DEVICE_COOKIE = "kiosk_device";
    static final String SESSION_COOKIE = "kiosk_session";
    /** A paired screen stays paired for ten years, or until the pairing secret changes. */
    private static final long DEVICE_MAX_AGE_SECONDS = 10L * 365 * 24 * 3600;
    /** The files under {@code /kiosk/assets/}, with their types: nothing else on the class path is served. */
    private static final Assets ASSETS = new Assets("/kiosk/assets/", Map.of(
            "htmx.min.js", "text/javascript; charset=utf-8",
            "htmx.LICENSE.txt", "text/plain; charset=utf-8",
            "kiosk.js", "text/javascript; charset=utf-8",
            "kiosk.css", "text/css; charset=utf-8"));
    /** The last purchases a home screen lists. */
    private static final int PURCHASES_SHOWN = 5;
    private static final String SCREEN_START = "start";

    private static final System.Logger LOG = System.getLogger(KioskPages.class.getName());

    private final KioskSettings settings;
    private final Devices devices;
    private final Sessions sessions;
    private final Supplier<Backend> backend;
    private final Messages messages = Messages.bundled();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Clock clock;

    public KioskPages(KioskSettings settings, Devices devices, Sessions sessions, Supplier<Backend> backend, Clock clock) {
        this.settings = settings;
        this.devices = devices;
        this.sessions = sessions;
        this.backend = backend;
        this.clock = clock;
    }

    /** Who is at the screen: the paired device, the shopper's session if any, and the language to speak. */
    private record Visit(String device, ShopperSession session, Language language) {
        String sessionId() {
            return session == null ? null : session.id();
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::guard)
                .get("/pair", safe(this::pair))
                .get("/assets/{name}", ASSETS::serve)
                .get("/", safe(this::start))
                .post("/scan", form(this::scan))
                .get("/phone", safe(this::phone))
                .post("/phone", form(this::sendCode))
                .get("/code", safe(this::code))
                .post("/code", form(this::checkCode))
                .get("/signup", safe(this::signup))
                .post("/signup", form(this::enrol))
                .get("/card", safe(this::card))
                .get("/home", safe(this::home))
                .get("/rewards/{code}", safe(this::confirm))
                .post("/rewards/{code}", form(this::redeem))
                .get("/logout", safe((req, res, visit) -> logout(res, visit)))
                .post("/logout", form((req, res, visit, form) -> logout(res, visit)))
                .get("/language", safe(this::language))
                .post("/alive", safe(this::alive))
                .any(safe((req, res, visit) -> problem(res, visit, Status.NOT_FOUND_404, "problem.not-found")));
    }

    // ---- the guard: headers on every answer, and only paired screens past it

    private void guard(ServerRequest req, ServerResponse res) {
        PageHeaders.apply(res);
        String path = req.path().absolute().path();
        if (path.equals(Paths.ROOT + "/pair") || path.startsWith(Paths.ROOT + "/assets/") || device(req).isPresent()) {
            res.next();
            return;
        }
        Visit stranger = new Visit("", null, settings.defaultLanguage());
        render(res, stranger, Status.FORBIDDEN_403, "unpaired", false, Map.of());
    }

    private Optional<String> device(ServerRequest req) {
        return cookie(req, DEVICE_COOKIE).flatMap(devices::device);
    }

    private Visit visit(ServerRequest req, ServerResponse res) {
        String device = device(req).orElseThrow(() -> new IllegalStateException("the guard lets paired screens only"));
        Optional<String> cookie = cookie(req, SESSION_COOKIE);
        ShopperSession session = cookie.flatMap(sessions::find).orElse(null);
        if (cookie.isPresent() && session == null) {
            // An ended session's cookie: forget it, so the browser keeps nothing but the device's.
            Cookies.delete(req, res, SESSION_COOKIE, Paths.ROOT);
        }
        return new Visit(device, session, session == null ? settings.defaultLanguage() : session.language());
    }

    private static Optional<String> cookie(ServerRequest req, String name) {
        return Cookies.value(req, name);
    }

    /** The shopper's session, opened (and its cookie set) when there is none yet. */
    private ShopperSession session(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() != null) {
            return visit.session();
        }
        ShopperSession session = sessions.open(visit.language()).orElseThrow(() -> new Busy());
        Cookies.set(req, res, SESSION_COOKIE, session.id(), Paths.ROOT, -1);
        return session;
    }

    // ---- pairing and files

    private void pair(ServerRequest req, ServerResponse res, Visit unused) {
        Optional<String> cookie = devices.pair(req.query().first("code").orElse(null));
        if (cookie.isEmpty()) {
            render(res, new Visit("", null, settings.defaultLanguage()), Status.FORBIDDEN_403, "unpaired", false,
                    Map.of());
            return;
        }
        Cookies.set(req, res, DEVICE_COOKIE, cookie.get(), Paths.ROOT, DEVICE_MAX_AGE_SECONDS);
        redirect(res, Paths.ROOT + "/");
    }

    // ---- start: scan a card or QR code

    private void start(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() != null && visit.session().signedIn()) {
            redirect(res, Paths.ROOT + "/home");
            return;
        }
        String notice = visit.session() == null ? null : visit.session().takeNotice();
        if (notice == null && "ended".equals(req.query().first("why").orElse(""))) {
            notice = messages.text(visit.language(), "session.ended");
        }
        renderStart(res, visit, Status.OK_200, null, notice);
    }

    private void renderStart(ServerResponse res, Visit visit, Status status, String error, String notice) {
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("notice", notice);
        render(res, visit, status, SCREEN_START, false, model);
    }

    private void scan(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        String code = form.get("code");
        if (code.isEmpty() || code.length() > 200) {
            renderStart(res, visit, Status.create(422), t(visit, "start.scan.empty"), null);
            return;
        }
        Backend backend = backend();
        KioskSession opened;
        try {
            opened = open(backend, code);
        } catch (PunchcardException e) {
            LOG.log(System.Logger.Level.WARNING, "The core refused to open a kiosk session: " + e.getMessage());
            renderStart(res, visit, statusOf(e), t(visit, scanProblem(e)), null);
            return;
        }
        if (opened == null) {
            renderStart(res, visit, Status.create(422), t(visit, "start.scan.unknown"), null);
            return;
        }
        ShopperSession session = session(req, res, visit);
        session.signIn(opened.token(), opened.memberId());
        redirect(res, Paths.ROOT + "/home");
    }

    /**
     * A QR token as the core makes them: 26 characters of Crockford's base32. Only such a code is tried as one; the
     * core stops a key that names too many members no one is, so each unknown scan must cost it one miss, not two.
     */
    private static final java.util.regex.Pattern QR_TOKEN = java.util.regex.Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    /** A session for the member whose card number or QR token {@code code} is; null when it is neither. */
    private static KioskSession open(Backend backend, String code) {
        List<OpenKioskSession> proofs = QR_TOKEN.matcher(code).matches()
                ? List.of(OpenKioskSession.byQr(code), OpenKioskSession.byCard(code))
                : List.of(OpenKioskSession.byCard(code));
        for (OpenKioskSession proof : proofs) {
            try {
                return backend.core().openKioskSession(proof);
            } catch (PunchcardException e) {
                if (!unknown(e)) {
                    throw e;
                }
            }
        }
        return null;
    }

    /** The core found no member by what was scanned (or it was no identifier at all). */
    private static boolean unknown(PunchcardException e) {
        return e.status() == 400 || e.status() == 404 || e.status() == 422;
    }

    private static String scanProblem(PunchcardException e) {
        return e.status() == 429 ? "problem.busy" : "problem.unavailable";
    }

    // ---- sign-in by phone and one-time code

    private void phone(ServerRequest req, ServerResponse res, Visit visit) {
        if (backend().codes() == null) {
            redirect(res, Paths.ROOT + "/");
            return;
        }
        renderPhone(res, visit, Status.OK_200, "", null);
    }

    private void renderPhone(ServerResponse res, Visit visit, Status status, String phone, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("phone", phone);
        model.put("error", error);
        render(res, visit, status, "phone", false, model);
    }

    private void sendCode(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        OneTimeCodes codes = backend().codes();
        if (codes == null) {
            redirect(res, Paths.ROOT + "/");
            return;
        }
        String phone = form.get("phone");
        if (!looksLikePhone(phone)) {
            renderPhone(res, visit, Status.create(422), phone, t(visit, "phone.invalid"));
            return;
        }
        switch (codes.send(phone, visit.language().tag())) {
            case OneTimeCodes.Sent sent -> {
                session(req, res, visit).codeSent(sent.id(), phone);
                redirect(res, Paths.ROOT + "/code");
            }
            case OneTimeCodes.SendRefused refused -> renderPhone(res, visit, statusOf(refused.refusal()), phone,
                    t(visit, refusalKey(refused.refusal())));
        }
    }

    private void code(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() == null || visit.session().codeId() == null) {
            redirect(res, Paths.ROOT + "/phone");
            return;
        }
        renderCode(res, visit, Status.OK_200, null);
    }

    private void renderCode(ServerResponse res, Visit visit, Status status, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("phone", Masking.phone(visit.session().codePhone()));
        model.put("error", error);
        render(res, visit, status, "code", false, model);
    }

    private void checkCode(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        OneTimeCodes codes = backend().codes();
        if (codes == null || visit.session() == null || visit.session().codeId() == null) {
            redirect(res, Paths.ROOT + "/phone");
            return;
        }
        String code = form.get("code");
        if (!code.matches("[0-9]{4,8}")) {
            renderCode(res, visit, Status.create(422), t(visit, "code.invalid"));
            return;
        }
        ShopperSession session = visit.session();
        switch (codes.check(session.codeId(), code)) {
            case OneTimeCodes.SignedIn in -> {
                session.signIn(in.session().token(), in.session().memberId());
                redirect(res, Paths.ROOT + "/home");
            }
            case OneTimeCodes.NoMember none -> {
                session.phoneProven(none.phone());
                redirect(res, Paths.ROOT + "/signup");
            }
            case OneTimeCodes.CheckRefused refused -> {
                if (refused.refusal() == OneTimeCodes.Refusal.CODE_EXPIRED) {
                    session.codeSent(null, null);
                    renderPhone(res, visit, statusOf(refused.refusal()), "", t(visit, refusalKey(refused.refusal())));
                } else {
                    renderCode(res, visit, statusOf(refused.refusal()), t(visit, refusalKey(refused.refusal())));
                }
            }
        }
    }

    private static String refusalKey(OneTimeCodes.Refusal refusal) {
        return switch (refusal) {
            case INVALID_PHONE -> "phone.invalid";
            case WRONG_CODE -> "code.wrong";
            case CODE_EXPIRED -> "code.expired";
            case TOO_MANY -> "code.too-many";
            case UNAVAILABLE -> "code.unavailable";
        };
    }

    private static Status statusOf(OneTimeCodes.Refusal refusal) {
        return switch (refusal) {
            case INVALID_PHONE, WRONG_CODE -> Status.create(422);
            case CODE_EXPIRED -> Status.GONE_410;
            case TOO_MANY -> Status.TOO_MANY_REQUESTS_429;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
        };
    }

    // ---- sign-up

    private void signup(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() != null && visit.session().signedIn()) {
            redirect(res, Paths.ROOT + "/home");
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("language", visit.language().tag());
        String proven = visit.session() == null ? null : visit.session().provenPhone();
        if (proven != null) {
            values.put("phone", proven);
        }
        renderSignup(res, visit, Status.OK_200, new Views.Signup(values, Map.of(), proven != null, null));
    }

    private void renderSignup(ServerResponse res, Visit visit, Status status, Views.Signup form) {
        render(res, visit, status, "signup", false, Map.of("form", form));
    }

    private void enrol(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Map<String, String> values = SignupForm.values(form);
        boolean proven = visit.session() != null && visit.session().provenPhone() != null;
        SignupForm.Valid valid;
        switch (SignupForm.check(form, visit.language(), messages, LocalDate.now(clock), settings.store())) {
            case SignupForm.Invalid invalid -> {
                renderSignup(res, visit, Status.create(422), new Views.Signup(values, invalid.errors(), proven, null));
                return;
            }
            case SignupForm.Valid checked -> valid = checked;
        }
        Backend backend = backend();
        MemberView member;
        try {
            member = backend.core().enroll(valid.enrolment());
        } catch (PunchcardException e) {
            Map<String, String> errors = SignupForm.refused(e.problem(), visit.language(), messages);
            renderSignup(res, visit, statusOf(e), new Views.Signup(values, errors, proven,
                    errors.isEmpty() ? t(visit, scanProblem(e)) : null));
            return;
        }
        KioskSession opened;
        try {
            opened = backend.core().openKioskSession(OpenKioskSession.byCard(member.cardNumber()));
        } catch (PunchcardException e) {
            problem(res, visit, statusOf(e), "problem.unavailable");
            return;
        }
        ShopperSession session = session(req, res, visit);
        session.signIn(opened.token(), opened.memberId());
        session.newCard(member.cardNumber());
        session.language(valid.language());
        redirect(res, Paths.ROOT + "/card");
    }

    /** Whether {@code text} could be a phone number: the core or the scheduler says whether it is one. */
    static boolean looksLikePhone(String text) {
        return text.matches("\\+?[0-9 ()./-]{4,24}");
    }

    private void card(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() == null || !visit.session().signedIn() || visit.session().newCard() == null) {
            redirect(res, Paths.ROOT + "/home");
            return;
        }
        String number = visit.session().newCard();
        render(res, visit, Status.OK_200, "card", true, Map.of("card", new Views.Card(number,
                Barcodes.qrSvg(number, t(visit, "card.qr")))));
    }

    // ---- home: points, tier, vouchers, rewards, purchases

    private void home(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() == null || !visit.session().signedIn()) {
            redirect(res, Paths.ROOT + "/");
            return;
        }
        ShopperSession session = visit.session();
        Backend backend = backend();
        var client = backend.core().inKioskSession(session.coreToken());
        MemberSummary summary;
        List<VoucherView> vouchers;
        try {
            summary = client.summary(session.memberId());
            vouchers = client.memberVouchers(session.memberId());
        } catch (PunchcardException e) {
            sessionProblem(res, visit, e);
            return;
        }
        List<PurchasePage.Item> purchases;
        try {
            purchases = client.purchases(Map.of("memberId", session.memberId().toString()), null, PURCHASES_SHOWN)
                    .purchases();
        } catch (PunchcardException e) {
            // The history is the least of the screen: the rest shows without it.
            LOG.log(System.Logger.Level.WARNING, "The core did not list the member's purchases: " + e.getMessage());
            purchases = List.of();
        }
        AccountView account = account(visit, backend.catalogue().current());
        render(res, visit, Status.OK_200, "home", true, Map.of("home",
                account.home(summary, vouchers, purchases, session.takeNotice())));
    }

    private AccountView account(Visit visit, Catalogue.Program program) {
        return new AccountView(visit.language(), messages, program, settings.currency());
    }

    /** The core refused a call in the shopper's session: ended there (idle, or revoked), so ended here too. */
    private void sessionProblem(ServerResponse res, Visit visit, PunchcardException e) {
        if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
            sessions.end(visit.session());
            redirect(res, Paths.ROOT + "/?why=ended");
            return;
        }
        problem(res, visit, statusOf(e), scanProblem(e));
    }

    // ---- redeem: confirm, then buy once

    private void confirm(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() == null || !visit.session().signedIn()) {
            redirect(res, Paths.ROOT + "/");
            return;
        }
        Backend backend = backend();
        Catalogue.Program program = backend.catalogue().current();
        Optional<Catalogue.Reward> reward = program.reward(req.path().pathParameters().get("code"));
        if (reward.isEmpty()) {
            problem(res, visit, Status.NOT_FOUND_404, "redeem.unknown");
            return;
        }
        MemberSummary summary;
        try {
            summary = backend.core().inKioskSession(visit.session().coreToken()).summary(visit.session().memberId());
        } catch (PunchcardException e) {
            sessionProblem(res, visit, e);
            return;
        }
        AccountView account = account(visit, program);
        render(res, visit, Status.OK_200, "confirm", true, Map.of("confirm", new Views.Confirm(
                account.reward(reward.get(), summary.availablePoints()),
                account.formats().points(summary.availablePoints()), UUID.randomUUID().toString())),
                Paths.confirming(reward.get().code()));
    }

    private void redeem(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        if (visit.session() == null || !visit.session().signedIn()) {
            redirect(res, Paths.ROOT + "/");
            return;
        }
        String redemptionId = form.get("redemptionId");
        if (!redemptionId.matches("[0-9a-f-]{36}")) {
            throw new Form.Refused(400, "redemptionId is not one of ours");
        }
        ShopperSession session = visit.session();
        String code = req.path().pathParameters().get("code");
        try {
            // The form's id, the same on every submit of it: a double tap or a retry buys once.
            backend().core().inKioskSession(session.coreToken()).buyReward(session.memberId(),
                    new BuyReward(code, "kiosk-" + redemptionId));
            session.notice(t(visit, "redeem.done"));
        } catch (PunchcardException e) {
            if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
                sessionProblem(res, visit, e);
                return;
            }
            String type = e.problem() == null ? "" : e.problem().type().toString();
            session.notice(t(visit, type.endsWith("/insufficient-points") ? "redeem.insufficient"
                    : type.endsWith("/invalid-field") ? "redeem.unknown" : scanProblem(e)));
        }
        redirect(res, Paths.ROOT + "/home");
    }

    // ---- leaving, language, keeping alive

    private void logout(ServerResponse res, Visit visit) {
        if (visit.session() != null) {
            sessions.end(visit.session());
        }
        // Whatever the browser may have kept of the pages and any storage of ours: gone. Cookies are not listed, so
        // the device stays paired; the session cookie is cleared by name.
        res.header("Clear-Site-Data", "\"cache\", \"storage\"");
        res.headers().add(HeaderNames.SET_COOKIE, SESSION_COOKIE + "=; Path=" + Paths.ROOT
                + "; HttpOnly; SameSite=Strict; Max-Age=0");
        redirect(res, Paths.ROOT + "/");
    }

    private void language(ServerRequest req, ServerResponse res, Visit visit) {
        Optional<Language> chosen = Language.of(req.query().first("to").orElse(null));
        String back = Paths.back(req.query().first("back").orElse(""));
        if (chosen.isPresent() && chosen.get() != visit.language()) {
            session(req, res, visit).language(chosen.get());
        }
        redirect(res, back);
    }

    /**
     * The screen's script says the shopper is still there; 410 when the session its cookie names has ended meanwhile,
     * so the screen signs out. A screen without a session yet (phone, sign-up, a language chosen) has nothing to end:
     * answering it 410 sent a new shopper back to the start at their first touch.
     */
    private void alive(ServerRequest req, ServerResponse res, Visit visit) {
        if (visit.session() == null) {
            res.status(cookie(req, SESSION_COOKIE).isPresent() ? Status.GONE_410 : Status.NO_CONTENT_204).send();
            return;
        }
        String token = req.headers().first(HeaderNames.create("X-CSRF-Token")).orElse(null);
        if (!devices.csrfMatches(visit.device(), visit.sessionId(), token)) {
            problem(res, visit, Status.FORBIDDEN_403, "problem.expired-form");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    // ---- rendering and failures

    private Backend backend() {
        Backend current = backend.get();
        if (current == null) {
            throw new Unavailable();
        }
        return current;
    }

    private String t(Visit visit, String key, Object... arguments) {
        return messages.text(visit.language(), key, arguments);
    }

    private void problem(ServerResponse res, Visit visit, Status status, String key) {
        Map<String, Object> model = new HashMap<>();
        model.put("message", t(visit, key));
        render(res, visit, status, "problem", false, model);
    }

    private void render(ServerResponse res, Visit visit, Status status, String screen, boolean personal,
                        Map<String, Object> model) {
        render(res, visit, status, screen, personal, model, Paths.RETURNABLE.containsKey(screen) ? screen : SCREEN_START);
    }

    /** {@code here}: where the language switch returns, a name {@link Paths#back} knows. */
    private void render(ServerResponse res, Visit visit, Status status, String screen, boolean personal,
                        Map<String, Object> model, String here) {
        boolean signedIn = visit.session() != null && visit.session().signedIn();
        boolean watch = !screen.equals("unpaired") && (visit.session() != null || !screen.equals(SCREEN_START));
        Page page = new Page(visit.language(), messages, screen,
                visit.device().isEmpty() ? "" : devices.csrf(visit.device(), visit.sessionId()),
                personal || signedIn && !screen.equals("problem"), watch, settings.idle().toSeconds(),
                settings.warning().toSeconds(), backend.get() != null && backend.get().codes() != null, here);
        Map<String, Object> parameters = new HashMap<>(model);
        parameters.put("page", page);
        StringOutput output = new StringOutput();
        templates.render(screen + ".jte", parameters, output);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(output.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(ServerResponse res, String path) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, path);
        res.send();
    }

    /** The status of a page saying the core refused: the kiosk's key refused (401, 403) is an outage like any. */
    private static Status statusOf(PunchcardException e) {
        return switch (e.status()) {
            case 429 -> Status.TOO_MANY_REQUESTS_429;
            case 0, 401, 403 -> Status.SERVICE_UNAVAILABLE_503;
            default -> e.status() >= 500 ? Status.SERVICE_UNAVAILABLE_503 : Status.create(422);
        };
    }

    /** The kiosk is not connected to its core yet (the all-in-one app connects it a moment after it serves). */
    private static final class Unavailable extends RuntimeException {
        Unavailable() {
            super(null, null, false, false);
        }
    }

    /** Too many sessions are live. */
    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Screen {
        void handle(ServerRequest req, ServerResponse res, Visit visit) throws Exception;
    }

    @FunctionalInterface
    private interface FormScreen {
        void handle(ServerRequest req, ServerResponse res, Visit visit, Form form) throws Exception;
    }

    /** A form's handler, reached only with a well-formed form carrying the page's CSRF token. */
    private Handler form(FormScreen screen) {
        return safe((req, res, visit) -> {
            Form form = Form.read(req);
            if (!devices.csrfMatches(visit.device(), visit.sessionId(), form.optional("_csrf"))) {
                problem(res, visit, Status.FORBIDDEN_403, "problem.expired-form");
                return;
            }
            screen.handle(req, res, visit, form);
        });
    }

    /** A handler whose every failure is a page in the shopper's language, never a stack trace or a problem+json. */
    private Handler safe(Screen screen) {
        return (req, res) -> {
            boolean paired = device(req).isPresent();
            Visit visit = paired ? visit(req, res) : new Visit("", null, settings.defaultLanguage());
            try {
                screen.handle(req, res, visit);
            } catch (Form.Refused e) {
                problem(res, visit, Status.create(e.status()), "problem.bad-form");
            } catch (Unavailable | PunchcardException e) {
                LOG.log(System.Logger.Level.WARNING, "The core is out of reach for the kiosk: " + e.getMessage());
                problem(res, visit, Status.SERVICE_UNAVAILABLE_503, "problem.unavailable");
            } catch (Busy e) {
                problem(res, visit, Status.SERVICE_UNAVAILABLE_503, "problem.busy");
            } catch (Exception e) {
                String incident = UUID.randomUUID().toString();
                LOG.log(System.Logger.Level.ERROR, "Kiosk page " + req.path().absolute().path() + " failed (incident "
                        + incident + ")", e);
                if (!res.isSent()) {
                    problem(res, visit, Status.INTERNAL_SERVER_ERROR_500, "problem.unexpected");
                }
            }
        };
    }
}
