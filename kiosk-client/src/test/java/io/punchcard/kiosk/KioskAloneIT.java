package io.punchcard.kiosk;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberView;
import io.punchcard.kiosk.text.Language;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kiosk run alone, as a store runs it: its own server, against a core elsewhere named by URL, with a KIOSK key
 * and no scheduler. A shopper scans a card and sees their points; without a scheduler there is no sign-in by phone;
 * a core out of reach or a revoked key is a sentence, not a failure.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class KioskAloneIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String SECRET = "kiosk-alone-pairing-secret";

    @Test
    void aScannedCardShowsItsPointsAndTheCoreOutOfReachIsASentence(TestPostgres database) throws Exception {
        try (Postgres pool = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 4))) {
            LoyaltyService core = new LoyaltyService(pool.dbClient(), null, Clock.systemUTC());
            WebServer coreServer = serve(List.of(core));
            URI coreUri = URI.create("http://127.0.0.1:" + coreServer.port());
            PunchcardClient admin = new PunchcardClient(PunchcardClient.Settings.of(coreUri,
                    core.apiKeys().create("tests", Scope.ADMIN, null).token()));
            MemberView member = admin.enroll(new EnrollMember("Lena", "Vogel", null, "lena@example.com", "7001",
                    null, null, "de", null, "POS", "S001", null, null, null));
            admin.adjust(member.id(), new AdjustPoints("seed", 420L, "welcome", "test"));
            ApiKeys.Created key = core.apiKeys().create("kiosk S001", Scope.KIOSK, null);

            KioskSettings settings = new KioskSettings(coreUri, key.token(), null, SECRET, Duration.ofSeconds(60),
                    Duration.ofSeconds(15), "S001", Language.DE, null);
            try (Kiosk kiosk = Kiosk.start(settings, Clock.systemUTC())) {
                WebServer kioskServer = serve(List.of(kiosk));
                String base = "http://127.0.0.1:" + kioskServer.port();
                try {
                    assertEquals(403, get(base, "/kiosk/", null).statusCode());
                    String device = cookie(get(base, "/kiosk/pair?code=" + SECRET, null), "kiosk_device");
                    HttpResponse<String> start = get(base, "/kiosk/", device);
                    assertTrue(start.body().contains("<html lang=\"de\">"), "the configured language");
                    assertFalse(start.body().contains("phone-start"), "no scheduler: no sign-in by phone");
                    assertEquals("/kiosk/", get(base, "/kiosk/phone", device).headers().firstValue("Location")
                            .orElse(""));

                    HttpResponse<String> scanned = post(base, "/kiosk/scan", device, csrf(start.body()), "7001");
                    assertEquals("/kiosk/home", scanned.headers().firstValue("Location").orElse(""), scanned.body());
                    String session = cookie(scanned, "kiosk_session");
                    HttpResponse<String> home = get(base, "/kiosk/home", device + "; " + session);
                    assertTrue(home.body().contains("<p class=\"big\" id=\"available-points\">420 Punkte</p>"),
                            home.body());
                    assertTrue(home.body().contains("Hallo, Lena V."));

                    // The key revoked: the shopper at the screen reads a sentence, and is not let in.
                    core.apiKeys().revoke(key.key().id());
                    HttpResponse<String> refused = post(base, "/kiosk/scan", device, csrf(start.body()), "7001");
                    assertEquals(503, refused.statusCode(), refused.body());
                    assertTrue(refused.body().contains("Unser System ist gerade nicht erreichbar"), refused.body());
                } finally {
                    coreServer.stop();
                }
                HttpResponse<String> away = post(base, "/kiosk/scan", cookie(get(base, "/kiosk/pair?code=" + SECRET,
                        null), "kiosk_device"), null, "7001");
                assertEquals(403, away.statusCode(), "no token: refused before the core is asked");
                kioskServer.stop();
            }
        }
    }

    private static WebServer serve(List<? extends io.punchcard.platform.ServerModule> modules) {
        return PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), modules, List.of());
    }

    private static HttpResponse<String> get(String base, String path, String cookies) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String base, String path, String cookies, String csrf, String code)
            throws Exception {
        String body = "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + (csrf == null ? "" : "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code name=value} of the response's Set-Cookie for {@code name}. */
    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"").matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }
}
