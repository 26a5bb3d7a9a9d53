package io.punchcard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.punchcard.api.Json;
import io.punchcard.testsupport.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A newcomer's run with nothing configured sends its messages where they can be seen: the welcome e-mail of a
 * member who agreed to e-mail lands on the app's {@code /mail} page (and as an .eml file), its unsubscribe button
 * withdraws the consent in the core, and a templated SMS is a line of {@code sms.log} whose delivery the stand-in
 * gateway confirms.
 */
class ZeroConfigMessagesIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path folder;

    private static PunchcardApp app;
    private static String admin;
    private static String core;

    @BeforeAll
    static void start() {
        // Short polls keep the test fast; everything else is the zero-configuration run (no SMTP, no gateway).
        app = PunchcardApp.start(PunchcardAppIT.config(Map.of("data.dir", folder.toString(), "pos.enabled", "false",
                "storefront.enabled", "false", "messages.feed-poll-millis", "100", "messages.idle-poll-millis", "50")));
        admin = DemoStoreIT.find(banner(), "Demo key\\s+(pk_\\S+)");
        core = "http://localhost:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theWelcomeEmailLandsOnTheMailPageAndItsButtonUnsubscribesInTheCore() throws Exception {
        String mailPage = DemoStoreIT.find(banner(), "Mail\\s+(http://localhost:\\d+/mail)\\s");
        String member = DemoStoreIT.call(core + "/api/v1/members", admin, Map.of("givenName", "Ada",
                "familyName", "Lovelace", "email", "ada@example.com", "joinChannel", "KIOSK",
                "consents", Map.of("email", Map.of("granted", true, "source", "kiosk"))), 201).get("id").asText();

        String list = Await.value(() -> {
            String page = get(mailPage).body();
            return page.contains("ada@example.com") ? page : null;
        }, WAIT, "the welcome e-mail on " + mailPage);
        assertTrue(list.contains("Welcome, Ada!"), list);
        String number = group(list, "ada@example\\.com</td><td><a href=\"/mail/(\\d+)\"");
        Path eml = folder.resolve("mail").resolve(number + ".eml");
        assertTrue(Files.readString(eml).contains("List-Unsubscribe"), "kept as " + eml);

        HttpResponse<String> shown = get(mailPage + "/" + number);
        assertEquals(200, shown.statusCode());
        assertTrue(shown.body().contains("<iframe title=\"The e-mail's HTML\" sandbox src=\"/mail/" + number
                + "/body\">"), shown.body());
        HttpResponse<String> html = get(mailPage + "/" + number + "/body");
        assertTrue(html.headers().firstValue("Content-Security-Policy").orElse("").startsWith("sandbox;"),
                html.headers().map().toString());
        assertTrue(html.body().contains("Welcome, Ada!"), html.body());

        String unsubscribe = group(shown.body(), "<form method=\"post\" action=\"(http://localhost:\\d+/unsubscribe/[^\"]+)\">")
                .replace("&amp;", "&");
        HttpResponse<String> clicked = CLIENT.send(HttpRequest.newBuilder(URI.create(unsubscribe))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, clicked.statusCode(), clicked.body());
        assertTrue(clicked.body().contains("You are unsubscribed"), clicked.body());

        JsonNode email = DemoStoreIT.call(core + "/api/v1/members/" + member, admin, null, 200).get("consents").get("email");
        assertFalse(email.get("granted").asBoolean(), email.toString());
        assertEquals("unsubscribe-link", email.get("source").asText());
    }

    @Test
    void anEmailsWordsAreShownEscapedAndItsHtmlOnlyInASandbox() throws Exception {
        String mailPage = DemoStoreIT.find(banner(), "Mail\\s+(http://localhost:\\d+/mail)\\s");
        Files.writeString(folder.resolve("mail").resolve("900.eml"), String.join("\r\n",
                "From: Punchcard <loyalty@localhost>", "To: \"<b>Eve</b>\" <eve@example.com>",
                "Subject: <script>alert(1)</script>", "MIME-Version: 1.0", "Content-Type: text/html; charset=UTF-8",
                "", "<p>Hello</p><script>alert(2)</script>", ""));

        String list = get(mailPage).body();
        assertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), list);
        assertFalse(list.contains("<script>") || list.contains("<b>Eve</b>"), list);
        HttpResponse<String> shown = get(mailPage + "/900");
        assertFalse(shown.body().contains("<script>"), shown.body());
        assertTrue(shown.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"),
                shown.headers().map().toString());
        HttpResponse<String> html = get(mailPage + "/900/body");
        assertTrue(html.headers().firstValue("Content-Security-Policy").orElse("").startsWith("sandbox;"),
                "the e-mail's own HTML runs no script, even opened directly: " + html.headers().map());
        assertEquals(404, get(mailPage + "/..%2Fsms.log").statusCode());
    }

    @Test
    void theMailPagesAnswerOnlyARequestThatNamesThisMachine() throws Exception {
        // From loopback either way, as through a reverse proxy on this machine or a name rebound to 127.0.0.1.
        String viaOtherName = rawGet("/mail", "mail.shop.example");
        String viaRebinding = rawGet("/mail/1", "attacker.example:" + app.port());
        String viaLocalhost = rawGet("/mail", "localhost:" + app.port());
        String viaIpv6 = rawGet("/mail", "[::1]:" + app.port());

        assertTrue(viaOtherName.startsWith("HTTP/1.1 403"), viaOtherName);
        assertTrue(viaRebinding.startsWith("HTTP/1.1 403"), viaRebinding);
        assertTrue(viaLocalhost.startsWith("HTTP/1.1 200"), viaLocalhost);
        assertTrue(viaIpv6.startsWith("HTTP/1.1 200"), viaIpv6);
    }

    /**
     * The status line of the answer to a GET sent over a plain socket from loopback, with {@code host} as its Host
     * header (which the JDK's client does not let a caller choose).
     */
    private static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void aTemplatedSmsIsALineOfTheSmsLogAndIsDelivered() throws Exception {
        Path log = Path.of(DemoStoreIT.find(banner(), "SMS log\\s+(\\S+)"));
        assertEquals(folder.resolve("sms.log").toAbsolutePath(), log.toAbsolutePath());
        String member = DemoStoreIT.call(core + "/api/v1/members", admin, Map.of("givenName", "Bo", "familyName", "Berg",
                "phone", "+4915112345678", "joinChannel", "KIOSK",
                "consents", Map.of("sms", Map.of("granted", true, "source", "kiosk"))), 201).get("id").asText();
        HttpResponse<String> template = send("PUT", core + "/scheduler/v1/templates/points-sms", Map.of("channel", "SMS",
                "fallbackLanguage", "en", "variants", Map.of("en", Map.of("textBody",
                        "Hi {{givenName}}, you have {{pointsText}}."))));
        assertEquals(201, template.statusCode(), template.body());

        HttpResponse<String> sent = send("POST", core + "/scheduler/v1/messages", Map.of("requestId",
                "sms-" + UUID.randomUUID(), "memberId", member, "template", "points-sms", "purpose", "TRANSACTIONAL"));
        assertEquals(202, sent.statusCode(), sent.body());
        long id = Json.mapper().readTree(sent.body()).get("id").asLong();

        String line = Await.value(() -> {
            try {
                return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("+4915112345678"))
                        .findFirst().orElse(null) : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, WAIT, "Bo's SMS in " + log);
        assertTrue(line.contains("\"Hi Bo, you have 0 points.\""), line);
        JsonNode message = Await.value(() -> {
            JsonNode m = json(get(core + "/scheduler/v1/messages/" + id, admin).body());
            // The stand-in gateway may send its receipt before the scheduler has written the gateway's answer:
            // the message ends SENT and DELIVERED, in either order.
            return "DELIVERED".equals(m.path("delivery").asText()) && "SENT".equals(m.path("state").asText()) ? m : null;
        }, WAIT, "the SMS SENT and its receipt: delivered");
        assertTrue(message.get("providerId").asText().startsWith("log-"), message.toString());
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String banner() {
        return String.join("\n", app.banner()) + "\n";
    }

    private static String group(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertTrue(m.find(), pattern + " in " + text);
        return m.group(1);
    }

    private static HttpResponse<String> get(String url) {
        return get(url, null);
    }

    private static HttpResponse<String> get(String url, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String method, String url, Object body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
