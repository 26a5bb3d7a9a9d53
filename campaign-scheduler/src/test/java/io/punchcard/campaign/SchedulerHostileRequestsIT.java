package io.punchcard.campaign;

import static io.punchcard.testsupport.HostileCorpus.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.http.SchedulerRoutes;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.DefaultTemplates;
import io.punchcard.campaign.message.UnsubscribeToken;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.HostileCorpus;
import io.punchcard.testsupport.HostileCorpus.Hostile;
import io.punchcard.testsupport.HostileCorpus.Operation;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Hostile requests against every operation of the scheduler's OpenAPI document, each answered with a 4xx problem
 * whose status the operation documents and which names no Java class, and none of them changing anything: every
 * row of every table of schema {@code scheduler}, and the core's member consents, are the same after as before.
 * The corpus is generated from the document ({@link HostileCorpus}), so an operation added to it is attacked without
 * anyone writing a case for it; the scheduler's own ways in are added by hand: keys of the wrong scope, If-Match,
 * the gateway's signature (webhook bodies are signed with the real secret, so they reach the parsing), and
 * unsubscribe links that were forged or cut short (which a browser gets as an HTML page, not a problem).
 *
 * <p>The member attacked is real and reachable: an SMS reply of STOP from her number, a one-click unsubscribe of
 * her welcome e-mail, would change her consents if any hostile variant of them got through.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class SchedulerHostileRequestsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PHONE = "+4915112345670";
    /** Query parameters that are codes, not numbers. */
    private static final java.util.Set<String> CODE_QUERY_PARAMS = java.util.Set.of("store");
    /** A version no template or settings will reach in a test: If-Match with it reaches the body, then is refused. */
    private static final String STALE = "\"999999\"";
    /**
     * A draft campaign every campaign route is aimed at: requests that name it with a stale If-Match reach its checks
     * and are refused there, so the corpus probes real code paths without changing it.
     */
    private static final String CAMPAIGN = "hostile-target";
    /** A member id no one has. */
    private static final UUID NOBODY = UUID.fromString("00000000-0000-4000-8000-00000000dead");
    private static final byte[] WRONG_SECRET = "not-the-gateway-secret-at-all-0123456789".getBytes(StandardCharsets.UTF_8);

    private static MessagesUnderTest messages;
    private static TestPostgres database;
    private static String base;
    private static String connectorKey;
    private static MemberView ana;
    private static long welcomeId;
    /** A real unsubscribe link's token: never sent whole, only cut short or altered. */
    private static String realToken;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        database = postgres;
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of());
        base = messages.uri().toString().replaceFirst("/$", "");
        ana = messages.enroll("Ana", "ana@example.com", PHONE, true, true, "en");
        MimeMessage welcome = Await.value(() -> java.util.Arrays.stream(messages.mail.getReceivedMessages())
                .findFirst().orElse(null), Duration.ofSeconds(20), "Ana's welcome e-mail");
        String link = welcome.getHeader("List-Unsubscribe")[0];
        realToken = link.substring(link.lastIndexOf('/') + 1, link.length() - 1);
        welcomeId = Await.value(() -> {
            var history = messages.messagesOf(ana.id());
            return history.size() == 1 && history.get(0).path("state").asText().equals("SENT")
                    ? history.get(0).path("id").asLong() : null;
        }, Duration.ofSeconds(20), "the welcome e-mail recorded as sent");
        var key = messages.call("POST", messages.coreUri() + "/api/v1/admin/api-keys",
                Map.of("name", "hostile-connector", "scope", "CONNECTOR"));
        assertEquals(201, key.status(), key.body());
        connectorKey = key.json().path("token").asText();
        var campaign = messages.call("POST", "/scheduler/v1/campaigns", Map.of("id", CAMPAIGN, "fromTemplate", "win-back"));
        assertEquals(201, campaign.status(), campaign.body());
    }

    @AfterAll
    static void stop() {
        if (messages != null) {
            messages.close();
        }
    }

    @Test
    void everyHostileRequestIsADocumented4xxProblemWithoutJavaNamesAndChangesNothing() throws Exception {
        List<Operation> operations = HostileCorpus.operations("scheduler", SchedulerRoutes.OPENAPI,
                Map.of("uuid", ana.id().toString()));
        Map<String, Set<String>> documented = new TreeMap<>();
        List<Hostile> corpus = new ArrayList<>();
        for (Operation op : operations) {
            documented.put(op.name(), op.statuses());
            List<Hostile> cases = cases(op);
            boolean attackable = op.secured() || op.sampleBody() != null || !op.pathParams().isEmpty()
                    || !op.queryParams().isEmpty();
            assertTrue(!cases.isEmpty() || !attackable, op.name() + " has hostile cases");
            corpus.addAll(cases);
        }
        assertEquals(46, operations.size(), "the operations of the document");
        corpus.addAll(tooLarge());
        assertTrue(corpus.size() >= 400, "a corpus of at least 400 requests, not " + corpus.size());
        System.out.println("SchedulerHostileRequestsIT: " + corpus.size() + " hostile requests over "
                + operations.size() + " documented operations");

        Map<String, List<String>> before = settledState();
        for (String table : List.of("scheduler.message", "scheduler.message_template", "scheduler.opt_out",
                "core.member_consent")) {
            assertTrue(before.containsKey(table), "the state read covers " + table + ": " + before.keySet());
        }
        assertEquals(DefaultTemplates.all().size(), before.get("scheduler.message_template").size(),
                "the default templates");
        assertEquals(1, before.get("scheduler.campaign").size(), "the draft campaign attacked");
        assertFalse(before.get("core.member_consent").isEmpty(), "Ana's consents");

        List<String> failures = new ArrayList<>();
        for (Hostile hostile : corpus) {
            String operation = documented.keySet().stream().filter(name -> hostile.label().startsWith(name + " "))
                    .findFirst().orElseThrow(() -> new AssertionError("no operation for " + hostile.label()));
            String failure = HostileCorpus.check(HTTP, hostile, documented.get(operation));
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + corpus.size() + " hostile requests were not refused "
                + "well:\n" + String.join("\n", failures));

        Map<String, List<String>> after = state();
        assertEquals(before.keySet(), after.keySet());
        for (String table : before.keySet()) {
            assertEquals(before.get(table), after.get(table), table + " is unchanged after " + corpus.size()
                    + " hostile requests");
        }
        assertTrue(messages.admin.member(ana.id()).consents().get("sms").granted(), "Ana still takes SMS");
        assertTrue(messages.admin.member(ana.id()).consents().get("email").granted(), "Ana still takes e-mail");
    }

    // --- the corpus -----------------------------------------------------------------------------------------------

    private static List<Hostile> cases(Operation op) {
        if (op.requiredHeaders().contains("X-Punchcard-Signature")) {
            return webhookCases(op);
        }
        String url = base + fill(op, Map.of());
        Map<String, String> auth = op.secured() ? Map.of("Authorization", "Bearer " + messages.adminKey) : Map.of();
        // An operation that names a version gets a stale one, so a body it takes is refused (412), not applied.
        boolean versioned = op.path().startsWith("/scheduler/v1/settings") && op.method().equals("put")
                || op.path().equals("/scheduler/v1/templates/{code}") && !op.method().equals("get")
                || (op.path().equals("/scheduler/v1/segments/{id}") || op.path().equals("/scheduler/v1/tag-rules/{tag}"))
                && op.method().equals("put")
                || campaignChange(op);
        Map<String, String> headers = versioned ? with(auth, "If-Match", STALE) : auth;
        List<Hostile> cases = new ArrayList<>();
        byte[] sample = op.sampleBody() == null ? null : HostileCorpus.json(op.sampleBody()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = op.sampleBody() == null ? Map.of() : Map.of("Content-Type", "application/json");
        if (op.secured()) {
            String name = op.name();
            cases.add(new Hostile(name + " without a key", op.method(), url, json, sample, null));
            cases.add(new Hostile(name + " with a made-up key", op.method(), url,
                    with(json, "Authorization", "Bearer pk_nothing_here"), sample, null));
            cases.add(new Hostile(name + " with a made-up key in X-Api-Key", op.method(), url,
                    with(json, "X-Api-Key", "pk_nothing_here"), sample, null));
            cases.add(new Hostile(name + " with the admin key as Basic credentials", op.method(), url,
                    with(json, "Authorization", "Basic " + messages.adminKey), sample, null));
            cases.add(new Hostile(name + " with a key of 5000 characters", op.method(), url,
                    with(json, "Authorization", "Bearer pk_" + "x".repeat(5000)), sample, null));
            boolean kiosk = op.path().startsWith("/scheduler/v1/one-time-codes");
            cases.add(new Hostile(name + " with a key of another scope", op.method(), url,
                    with(with(json, "Authorization", "Bearer " + (kiosk ? connectorKey : messages.kioskKey)),
                            "If-Match", STALE), sample, null));
        }
        if (versioned) {
            cases.add(new Hostile(op.name() + " with an If-Match that is no version", op.method(), url,
                    with(with(auth, "If-Match", "\"abc\""), "Content-Type", "application/json"), sample, "If-Match"));
            cases.add(new Hostile(op.name() + " with a stale If-Match", op.method(), url,
                    with(headers, "Content-Type", "application/json"), sample, null));
            // Without If-Match a well-formed change would apply to the campaign attacked: it gets the stale cases only.
            if (op.requiredHeaders().contains("If-Match")) {
                cases.add(new Hostile(op.name() + " without If-Match", op.method(), url,
                        with(auth, "Content-Type", "application/json"), sample, null));
            } else if (!campaignChange(op)) {
                cases.add(new Hostile(op.name() + " without If-Match for a template that exists", op.method(), url,
                        with(auth, "Content-Type", "application/json"), sample, "code"));
            }
        }
        for (String param : op.pathParams()) {
            for (Map.Entry<String, String> bad : Map.of("a NUL", "a%00b", "a lone surrogate", "a%ED%A0%80b",
                    "a percent-encoded slash", "a%2Fb").entrySet()) {
                cases.add(new Hostile(op.name() + " with " + bad.getKey() + " in path parameter " + param, op.method(),
                        base + fill(op, Map.of(param, bad.getValue())), with(headers, "Accept", "application/json"),
                        sample, bad.getKey().contains("slash") ? null : param));
            }
            for (String nothing : nothing(op, param)) {
                cases.add(new Hostile(op.name() + " with path parameter " + param + " " + nothing, op.method(),
                        base + fill(op, Map.of(param, nothing)), both(json, headers), sample, null));
            }
        }
        for (String param : op.queryParams()) {
            // A code ("store") may well be "0" or "many"; what is hostile to it is what no code is.
            Map<String, String> hostile = CODE_QUERY_PARAMS.contains(param)
                    ? Map.of("a NUL", "a%00b", "a lone surrogate", "a%ED%A0%80b", "a space", "a%20b",
                            "65 characters", "x".repeat(65))
                    : Map.of("a NUL", "a%00b", "a lone surrogate", "a%ED%A0%80b",
                    "0", "0", "a fraction", "1.5", "a number beyond 64 bits", "123456789012345678901234567890",
                    "a word", "many", "-1", "-1");
            for (Map.Entry<String, String> bad : hostile.entrySet()) {
                cases.add(new Hostile(op.name() + " with " + bad.getKey() + " in query parameter " + param, op.method(),
                        url + "?" + param + "=" + bad.getValue(), headers, null, param));
            }
        }
        if (op.path().startsWith("/unsubscribe/")) {
            cases.addAll(unsubscribeCases(op));
        }
        if (op.sampleBody() != null) {
            cases.addAll(HostileCorpus.bodyCases(op, url, headers, true));
        }
        return cases;
    }

    /** A change to the campaign attacked: it takes an optional If-Match, which the corpus always sends stale. */
    private static boolean campaignChange(Operation op) {
        return op.path().startsWith("/scheduler/v1/campaigns/{id}") && !op.method().equals("get");
    }

    private static Map<String, String> both(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    /** Values of a path parameter that name nothing there is. */
    private static List<String> nothing(Operation op, String param) {
        return switch (param) {
            case "code" -> List.of("no-such-code");
            case "id" -> op.path().contains("one-time-codes") ? List.of("no-such-id", UUID.randomUUID().toString())
                    : List.of("no-such-id", "99999999", "99999999999999999999999", "-1");
            case "memberId" -> List.of("no-such-member");
            case "file" -> List.of("no-such-file", "code.gif", ".png", "x".repeat(65) + ".png");
            case "token" -> List.of("no-such-token", forged(), realToken.substring(0, realToken.length() - 1),
                    altered(realToken));
            default -> List.of("no-such-" + param);
        };
    }

    /** Links a browser opens that are not valid: an HTML page saying so, or a problem when only JSON is accepted. */
    private static List<Hostile> unsubscribeCases(Operation op) {
        List<Hostile> cases = new ArrayList<>();
        for (String token : List.of(forged(), realToken.substring(0, realToken.length() - 1), altered(realToken),
                realToken + "x", "u1." + "A".repeat(3000))) {
            String url = base + op.path().replace("{token}", token);
            String what = token.length() > 100 ? "a long token" : token.equals(forged()) ? "a forged token" : "token " + token;
            cases.add(new Hostile(op.name() + " from a browser with " + what, op.method(), url,
                    Map.of("Accept", "text/html"), null, null).refusedAs("text/html"));
            if (op.method().equals("post")) {
                cases.add(new Hostile(op.name() + " one-click with " + what, op.method(), url,
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8), null).refusedAs("text/html"));
            }
            cases.add(new Hostile(op.name() + " as JSON with " + what, op.method(), url,
                    Map.of("Accept", "application/json"), null, "token"));
        }
        return cases;
    }

    /** The gateway's webhooks: the signature's refusals, then bodies signed with the real secret. */
    private static List<Hostile> webhookCases(Operation op) {
        String url = base + op.path();
        Object body = op.path().endsWith("inbound") ? Map.of("from", PHONE, "text", "STOP") : op.sampleBody();
        Operation withBody = new Operation(op.server(), op.method(), op.path(), false, op.pathParams(), op.queryParams(),
                op.requiredHeaders(), body, op.statuses());
        byte[] sample = HostileCorpus.json(body).getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String header = "X-Punchcard-Signature";
        long now = messages.now().getEpochSecond();
        List<Hostile> cases = new ArrayList<>();
        cases.add(new Hostile(op.name() + " unsigned", "POST", url, json, sample, header));
        cases.add(new Hostile(op.name() + " signed with another secret", "POST", url,
                with(json, header, WebhookSignature.sign(WRONG_SECRET, now, sample)), sample, header));
        cases.add(new Hostile(op.name() + " signed for another body", "POST", url,
                with(json, header, sign(now, "{}".getBytes(StandardCharsets.UTF_8))), sample, header));
        cases.add(new Hostile(op.name() + " signed an hour ago (a replay)", "POST", url,
                with(json, header, sign(now - 3600, sample)), sample, header));
        cases.add(new Hostile(op.name() + " signed with another time than the one sent", "POST", url,
                with(json, header, sign(now, sample).replace("t=" + now, "t=" + (now + 1))), sample, header));
        cases.add(new Hostile(op.name() + " with a signature of another scheme", "POST", url,
                with(json, header, sign(now, sample).replace("v1=", "v0=")), sample, header));
        cases.add(new Hostile(op.name() + " with a signature of 1000 characters", "POST", url,
                with(json, header, sign(now, sample) + ",v1=" + "a".repeat(1000)), sample, header));
        cases.add(new Hostile(op.name() + " with a blank signature", "POST", url, with(json, header, " "), sample, header));
        cases.add(new Hostile(op.name() + " with the admin key instead of a signature", "POST", url,
                with(json, "Authorization", "Bearer " + messages.adminKey), sample, header));
        for (Hostile unsigned : HostileCorpus.bodyCases(withBody, url, Map.of(), true)) {
            if (unsigned.label().endsWith(" with an unknown field")) {
                // A gateway may add fields of its own: webhook bodies are read leniently, by design.
                continue;
            }
            byte[] bytes = unsigned.body();
            Map<String, String> signed = with(unsigned.headers(), header, sign(now, bytes));
            cases.add(new Hostile(unsigned.label(), "POST", url, signed, bytes, unsigned.expectedField()));
        }
        return cases;
    }

    private static String sign(long unixSeconds, byte[] body) {
        return WebhookSignature.sign(MessagesUnderTest.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), unixSeconds, body);
    }

    /** A body beyond the server's limit: refused before it is read, whatever it holds. */
    private static List<Hostile> tooLarge() {
        byte[] huge = ("{\"x\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        return List.of(
                new Hostile("scheduler POST /scheduler/v1/messages with a body of 6 MB", "POST",
                        base + "/scheduler/v1/messages", with(json, "Authorization", "Bearer " + messages.adminKey), huge, null),
                new Hostile("scheduler PUT /scheduler/v1/settings with a body of 6 MB", "PUT", base + "/scheduler/v1/settings",
                        with(with(json, "Authorization", "Bearer " + messages.adminKey), "If-Match", STALE), huge, null),
                new Hostile("scheduler POST /scheduler/v1/sms/inbound with a signed body of 6 MB", "POST",
                        base + "/scheduler/v1/sms/inbound", with(json, "X-Punchcard-Signature",
                        sign(messages.now().getEpochSecond(), huge)), huge, null),
                new Hostile("scheduler POST /unsubscribe/{token} with a body of 6 MB", "POST",
                        base + "/unsubscribe/" + altered(realToken), Map.of("Content-Type", "text/plain"), huge, null));
    }

    private static String fill(Operation op, Map<String, String> overrides) {
        String path = op.path();
        for (String param : op.pathParams()) {
            path = path.replace("{" + param + "}", overrides.getOrDefault(param, switch (param) {
                case "code" -> "welcome";
                case "id" -> op.path().contains("one-time-codes") ? UUID.randomUUID().toString()
                        : op.path().startsWith("/scheduler/v1/campaigns/") ? CAMPAIGN : Long.toString(welcomeId);
                case "move" -> "schedule";
                // Tags are set on a member the read model does not know, so even a valid tag changes nothing.
                case "memberId" -> op.path().contains("/tags/") ? NOBODY.toString() : ana.id().toString();
                case "file" -> "WELCOME-5.png";
                case "token" -> altered(realToken);
                default -> "x-1";
            }));
        }
        return path;
    }

    /** A token for Ana's welcome e-mail, well made but signed with a secret that is not the scheduler's. */
    private static String forged() {
        return UnsubscribeToken.sign("another-installation's-link-secret-of-32+bytes".getBytes(StandardCharsets.UTF_8),
                welcomeId, ana.id(), Channel.EMAIL);
    }

    /** The token with one character of its signature changed. */
    private static String altered(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    // --- the state that must not change ---------------------------------------------------------------------------

    private static Map<String, List<String>> state() throws Exception {
        Map<String, List<String>> state = new TreeMap<>();
        try (Connection c = database.connect()) {
            state.putAll(HostileCorpus.rows("scheduler", c, CampaignScheduler.SCHEMA));
            state.putAll(HostileCorpus.rows("core", c, "public", "member_consent"));
        }
        return state;
    }

    /** The state once the scheduler's own work after the enrolment (the welcome e-mail) has come to rest. */
    private static Map<String, List<String>> settledState() throws Exception {
        Map<String, List<String>> previous = state();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            Map<String, List<String>> next = state();
            if (Objects.equals(previous, next)) {
                return next;
            }
            previous = next;
        }
        throw new AssertionError("the scheduler's tables kept changing with no request: " + previous.keySet());
    }
}
