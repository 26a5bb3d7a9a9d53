package io.punchcard.campaign.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.SchedulerSettings;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.sms.FakeSmsGateway;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;

/**
 * Everything messages need, real and on loopback: the core (its own schema) and the scheduler (its schema) on one
 * PostgreSQL, an SMTP server (GreenMail), and an SMS gateway served by the test ({@link FakeSmsGateway}). Timings
 * are short (leases of 3 s, back-off from 200 ms) so outages and retries play out in seconds; quiet hours are off
 * and rates unlimited unless a test sets them.
 */
public final class MessagesUnderTest implements AutoCloseable {

    public static final String WEBHOOK_SECRET = "gateway-webhook-secret-for-tests";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.util.regex.Pattern ONE_TIME_CODE = java.util.regex.Pattern.compile("\\b([0-9]{6})\\b");

    public final GreenMail mail;
    public final FakeSmsGateway gateway;
    public final PunchcardClient admin;
    public final String adminKey;
    public final String kioskKey;
    public final CampaignScheduler scheduler;
    private final Postgres corePool;
    private final Postgres schedulerPool;
    private final LoyaltyService core;
    private volatile WebServer coreServer;
    private final int corePort;
    private final WebServer server;
    private final Clock clock;
    private final String connectorKey;

    private MessagesUnderTest(GreenMail mail, FakeSmsGateway gateway, PunchcardClient admin, String adminKey,
                              String kioskKey, String connectorKey, CampaignScheduler scheduler, Postgres corePool,
                              Postgres schedulerPool, LoyaltyService core, WebServer coreServer, WebServer server,
                              Clock clock) {
        this.mail = mail;
        this.gateway = gateway;
        this.admin = admin;
        this.adminKey = adminKey;
        this.kioskKey = kioskKey;
        this.scheduler = scheduler;
        this.corePool = corePool;
        this.schedulerPool = schedulerPool;
        this.core = core;
        this.coreServer = coreServer;
        this.corePort = coreServer.port();
        this.server = server;
        this.clock = clock;
        this.connectorKey = connectorKey;
    }

    /**
     * Starts it all on {@code database} (migrated for the core), with {@code messages.*} settings over the defaults;
     * an empty value removes that default.
     */
    public static MessagesUnderTest start(TestPostgres database, Clock clock, Map<String, String> messages) {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", "smtp")}));
        mail.start();
        FakeSmsGateway gateway = FakeSmsGateway.start();
        PostgresSettings db = new PostgresSettings(database.jdbcUrl(), database.username(), database.password(), 8);
        Postgres corePool = Postgres.open(db);
        LoyaltyService core = new LoyaltyService(corePool.dbClient(), null, clock);
        WebServer coreServer = PunchcardServer.start(serverConfig(0), List.of(core), List.of());
        URI coreUri = URI.create("http://127.0.0.1:" + coreServer.port());
        String adminKey = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        String connectorKey = core.apiKeys().create("scheduler", Scope.CONNECTOR, null).token();
        String kioskKey = core.apiKeys().create("kiosk", Scope.KIOSK, null).token();
        Postgres schedulerPool = Postgres.openSchema(db, CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);

        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry("lease-seconds", "3"),
                Map.entry("idle-poll-millis", "50"),
                Map.entry("core-retry-millis", "300"),
                Map.entry("feed-poll-millis", "100"),
                Map.entry("retry.first-millis", "200"),
                Map.entry("retry.max-millis", "1000"),
                Map.entry("rules.quiet-hours.start", "00:00"),
                Map.entry("rules.quiet-hours.end", "00:00"),
                Map.entry("rules.rate-per-second.email", "0"),
                Map.entry("rules.rate-per-second.sms", "0"),
                Map.entry("email.smtp.host", "127.0.0.1"),
                Map.entry("email.smtp.port", Integer.toString(mail.getSmtp().getPort())),
                Map.entry("email.smtp.security", "NONE"),
                Map.entry("email.smtp.from", "Punchcard <loyalty@shop.example>"),
                Map.entry("email.smtp.timeout-millis", "3000"),
                Map.entry("sms.gateway.url", gateway.uri().toString()),
                Map.entry("sms.gateway.sender-id", "Punchcard"),
                Map.entry("sms.gateway.timeout-millis", "3000"),
                Map.entry("sms.webhook-secret", WEBHOOK_SECRET)));
        values.putAll(messages);
        // An empty value takes a default away, e.g. sms.gateway.url for a scheduler without an SMS gateway.
        values.values().removeIf(String::isEmpty);
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((k, v) -> prefixed.put("messages." + k, v));
        SchedulerSettings settings = SchedulerSettings.from(Config.just(ConfigSources.create(prefixed)).get("messages"),
                URI.create("http://127.0.0.1:1"));
        CampaignScheduler scheduler = CampaignScheduler.create(settings, schedulerPool.dbClient(), clock);
        WebServer server = PunchcardServer.start(serverConfig(0), List.of(scheduler), List.of());
        scheduler.start(new PunchcardClient(PunchcardClient.Settings.of(coreUri, connectorKey)));
        return new MessagesUnderTest(mail, gateway, new PunchcardClient(PunchcardClient.Settings.of(coreUri, adminKey)),
                adminKey, kioskKey, connectorKey, scheduler, corePool, schedulerPool, core, coreServer, server, clock);
    }

    private static Config serverConfig(int port) {
        return Config.just(ConfigSources.create(Map.of("server.port", Integer.toString(port), "server.host",
                "127.0.0.1")));
    }

    /** A new key of the core with {@code scope}, e.g. a second kiosk's; its token. */
    public String newKey(String name, Scope scope) {
        return core.apiKeys().create(name, scope, null).token();
    }

    /** The core's staff accounts, to make the members of staff a console logs in as. */
    public io.punchcard.loyalty.access.StaffAccounts staffAccounts() {
        return core.staffAccounts();
    }

    /** Stops the core, as an outage would: the scheduler's calls to it find nobody listening. */
    public void stopCore() {
        coreServer.stop();
    }

    /** Starts the core again where it was, after {@link #stopCore}. */
    public void startCore() {
        coreServer = PunchcardServer.start(serverConfig(corePort), List.of(core), List.of());
    }

    /** The scheduler's address. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The core's address (for what the client does not cover, such as creating keys). */
    public URI coreUri() {
        return URI.create("http://127.0.0.1:" + corePort);
    }

    /** The scheduler's database, for a test that sets up rows no request makes. */
    public io.helidon.dbclient.DbClient schedulerDb() {
        return schedulerPool.dbClient();
    }

    /** The CONNECTOR key the scheduler itself uses with the core; a caller of the scheduler's API it is not. */
    public String connectorKey() {
        return connectorKey;
    }

    /** Enrols a member with {@code email} and {@code phone} (either may be null) and the consents given. */
    public MemberView enroll(String givenName, String email, String phone, boolean emailConsent, boolean smsConsent,
                             String language) {
        Map<String, Consent> consents = new HashMap<>();
        consents.put("email", new Consent(emailConsent, "tests", null));
        consents.put("sms", new Consent(smsConsent, "tests", null));
        return admin.enroll(new EnrollMember(givenName, "Tester", phone, email, null, null, null, language, null, "KIOSK",
                null, null, consents, null));
    }

    /** A call to the scheduler's API with the admin key (or {@code key}), JSON in and out. */
    public Answer call(String method, String path, Object body, String key) {
        return call(method, path, body, key, Map.of());
    }

    /** As {@link #call(String, String, Object, String)}, with more request headers (If-Match). */
    public Answer call(String method, String path, Object body, String key, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri().resolve(path))
                    .header("Accept", "application/json");
            headers.forEach(request::header);
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : Json.write(body)));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() || !response.headers().firstValue("Content-Type").orElse("")
                    .contains("json") ? null : Json.mapper().readTree(response.body());
            return new Answer(response.statusCode(), json, response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Answer call(String method, String path, Object body) {
        return call(method, path, body, adminKey);
    }

    /** A webhook from the gateway, signed as the gateway signs it. */
    public Answer webhook(String path, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String signature = WebhookSignature.sign(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                    clock.instant().getEpochSecond(), bytes);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri().resolve(path))
                    .header("Content-Type", "application/json").header("X-Punchcard-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? null
                    : Json.mapper().readTree(response.body()), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer of the scheduler. */
    public record Answer(int status, JsonNode json, String body, Map<String, List<String>> headers) {
    }

    /** Runs {@code call} on {@code n} threads released together, and returns their answers. */
    public static List<Answer> atOnce(int n, java.util.concurrent.Callable<Answer> call) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(n)) {
            List<java.util.concurrent.Future<Answer>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Answer> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    /** The statuses of {@code answers}, for a failure's message. */
    public static String statuses(List<Answer> answers) {
        return answers.stream().map(a -> Integer.toString(a.status())).toList().toString();
    }

    /** The one-time code in the first SMS the gateway receives for {@code phone}; fails after 20 seconds. */
    public String codeSentTo(String phone) throws InterruptedException {
        return io.punchcard.testsupport.Await.value(() -> codesSentTo(phone).stream().findFirst().orElse(null),
                java.time.Duration.ofSeconds(20), "the code's SMS to " + phone);
    }

    /** The one-time codes in the SMS the gateway received for {@code phone}, in order. */
    public List<String> codesSentTo(String phone) {
        return gateway.requests().stream().filter(r -> phone.equals(r.json().path("to").asText())).map(r -> {
            java.util.regex.Matcher code = ONE_TIME_CODE.matcher(r.json().get("text").asText());
            if (!code.find()) {
                throw new IllegalStateException("no code in the SMS " + r.bodyText());
            }
            return code.group(1);
        }).toList();
    }

    /** The message {@code id} as the API shows it. */
    public JsonNode message(long id) {
        return call("GET", "/scheduler/v1/messages/" + id, null).json();
    }

    /** The message {@code id} once it is in {@code state}; fails after {@code seconds}. */
    public JsonNode messageIn(long id, String state, int seconds) throws InterruptedException {
        return io.punchcard.testsupport.Await.value(() -> {
            JsonNode m = message(id);
            return state.equals(m.path("state").asText()) ? m : null;
        }, java.time.Duration.ofSeconds(seconds), "message " + id + " " + state);
    }

    /** Replaces the send rules through the API as staff do: {@code change} edits the current document. */
    public void changeSettings(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        Answer current = call("GET", "/scheduler/v1/settings", null);
        com.fasterxml.jackson.databind.node.ObjectNode document = current.json().deepCopy();
        change.accept(document);
        Answer saved = call("PUT", "/scheduler/v1/settings", document, adminKey,
                Map.of("If-Match", current.headers().get("etag").getFirst()));
        if (saved.status() != 200) {
            throw new IllegalStateException("settings not saved: " + saved.status() + " " + saved.body());
        }
    }

    /** Adds stores (code to time zone) to the core's program through its API, as the back office does. */
    public void addStores(Map<String, String> zones) {
        try {
            URI program = coreUri().resolve("/api/v1/program");
            HttpResponse<String> current = HTTP.send(HttpRequest.newBuilder(program)
                    .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
            com.fasterxml.jackson.databind.node.ObjectNode document = (com.fasterxml.jackson.databind.node.ObjectNode)
                    Json.mapper().readTree(current.body()).get("program");
            com.fasterxml.jackson.databind.node.ArrayNode stores = document.withArray("stores");
            zones.forEach((code, zone) -> stores.addObject().put("code", code).put("name", "Store " + code)
                    .put("timezone", zone));
            HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(program)
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(document.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (saved.statusCode() != 200) {
                throw new IllegalStateException("program not saved: " + saved.body());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enrols a member with an e-mail address and e-mail consent, at home in {@code store}, tagged {@code tags}. */
    public MemberView enrollAt(String givenName, String email, String store, List<String> tags) {
        return admin.enroll(new EnrollMember(givenName, "Tester", null, email, null, null, null, "en", store, "KIOSK",
                null, tags, Map.of("email", new Consent(true, "tests", null)), null));
    }

    /** The e-mails GreenMail received for {@code address}. */
    public List<jakarta.mail.internet.MimeMessage> mailTo(String address) {
        return java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The member's messages as the API lists them, newest first. */
    public JsonNode messagesOf(UUID member) {
        return call("GET", "/scheduler/v1/members/" + member + "/messages", null).json().get("messages");
    }

    public Instant now() {
        return clock.instant();
    }

    @Override
    public void close() {
        scheduler.close();
        server.stop();
        coreServer.stop();
        schedulerPool.close();
        corePool.close();
        gateway.close();
        mail.stop();
    }
}
