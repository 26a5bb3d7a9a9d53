package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shoppers' kiosk as a screen in the store meets it, served by the whole app against its core over HTTP: pairing,
 * scanning, signing up, points, redeeming, signing out, and what it does with forms it did not make.
 */
class KioskIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ENGLISH_EMAIL_CONSENT = "Yes, send me offers and news by e-mail. I can unsubscribe at "
            + "any time with the link in every e-mail.";

    @TempDir
    static Path folder;

    private static PunchcardApp app;
    private static String base;
    private static String pairing;
    private static String admin;
    private static Path smsLog;

    @BeforeAll
    static void start() {
        app = PunchcardApp.start(PunchcardAppIT.config(Map.of("data.dir", folder.resolve("data").toString(),
                "kiosk.idle-seconds", "30", "kiosk.warning-seconds", "5")));
        String banner = String.join("\n", app.banner());
        base = "http://127.0.0.1:" + app.port();
        pairing = find(banner, "Kiosk\\s+http://localhost:\\d+(/kiosk/pair\\?code=\\S+)");
        admin = find(banner, "Demo key\\s+(pk_\\S+)");
        smsLog = Path.of(find(banner, "SMS log\\s+(\\S+)"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anUnpairedScreenSeesOnlyThatItIsNotSetUp() throws Exception {
        KioskBrowser stranger = new KioskBrowser(base);
        for (String path : List.of("/kiosk/", "/kiosk/home", "/kiosk/signup")) {
            HttpResponse<String> page = stranger.get(path);
            assertEquals(403, page.statusCode(), path);
            assertTrue(page.body().contains("data-screen=\"unpaired\""), page.body());
        }
        HttpResponse<String> wrong = stranger.get("/kiosk/pair?code=not-the-secret");
        assertEquals(403, wrong.statusCode());
        assertTrue(stranger.cookies().isEmpty(), "a wrong code pairs nothing");
        assertEquals(403, stranger.postRaw("/kiosk/scan", "application/x-www-form-urlencoded",
                "code=1".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void pairingGivesTheScreenAnHttpOnlyStrictCookieAndTheStartScreen() throws Exception {
        KioskBrowser screen = new KioskBrowser(base);
        HttpResponse<String> paired = screen.get(pairing);
        assertEquals(303, paired.statusCode());
        assertEquals("/kiosk/", paired.headers().firstValue("Location").orElseThrow());
        String cookie = KioskBrowser.setCookies(paired, "kiosk_device").get(0);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age="),
                cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back");
        HttpResponse<String> start = screen.get("/kiosk/");
        assertEquals(200, start.statusCode());
        assertTrue(start.body().contains("data-screen=\"start\""));
        assertTrue(start.body().contains("id=\"phone-start\""), "the app has a scheduler: sign-in by phone is offered");
        assertTrue(start.body().contains("<html lang=\"en\">"));
    }

    @Test
    void everyPageForbidsKeepingItAndRunsOnlyTheKiosksOwnScripts() throws Exception {
        KioskBrowser screen = paired();
        for (String path : List.of("/kiosk/", "/kiosk/signup", "/kiosk/phone", "/kiosk/nowhere")) {
            HttpResponse<String> page = screen.get(path);
            assertEquals("no-store, max-age=0", page.headers().firstValue("Cache-Control").orElse(""), path);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertFalse(page.body().contains("<script>"), "no inline script on " + path);
        }
        HttpResponse<String> htmx = screen.get("/kiosk/assets/htmx.min.js");
        assertEquals(200, htmx.statusCode());
        assertTrue(htmx.body().contains("2.0.4"), "the pinned htmx");
    }

    @Test
    void anUnknownScanStaysOnTheStartScreenWithAnError() throws Exception {
        KioskBrowser screen = paired();
        HttpResponse<String> answer = screen.post("/kiosk/scan", Map.of("_csrf", screen.csrf("/kiosk/"),
                "code", "NO-SUCH-CARD-42"));
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("data-screen=\"start\""));
        assertTrue(answer.body().contains("class=\"error\" role=\"alert\""), answer.body());
        assertTrue(answer.body().contains("We don’t know this card or code"));
    }

    @Test
    void aShopperSignsUpSeesTheirCardAndTheirPointsAndTheConsentWordingIsKept() throws Exception {
        KioskBrowser screen = paired();
        String card = signUp(screen, "Mia", "mia@example.com");
        HttpResponse<String> cardPage = screen.get("/kiosk/card");
        assertTrue(cardPage.body().contains("<span id=\"card-number\">" + card + "</span>"));
        assertTrue(cardPage.body().contains("<div id=\"card-qr\" class=\"code-box\"><svg"));

        JsonNode member = api("GET", "/api/v1/members?card=" + card, null);
        assertEquals("KIOSK", member.get("joinChannel").asText());
        assertTrue(member.at("/consents/email/granted").asBoolean());
        assertEquals(ENGLISH_EMAIL_CONSENT, member.at("/consents/email/text").asText());
        assertEquals("kiosk", member.at("/consents/email/source").asText());
        assertFalse(member.at("/consents/sms/granted").asBoolean(), "an unticked box is a refusal, kept with its words");
        api("POST", "/api/v1/members/" + member.get("id").asText() + "/adjustments", Map.of("adjustmentId", "kiosk-it",
                "points", 1250, "reason", "welcome", "actor", "test"));

        HttpResponse<String> home = screen.get("/kiosk/home");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("data-screen=\"home\""));
        assertTrue(home.body().contains("<p class=\"big\" id=\"available-points\">1,250 points</p>"), home.body());
        assertTrue(home.body().contains("Hello, Mia"));
        assertTrue(home.body().contains("id=\"tier-progress\""));
        assertTrue(home.body().contains("id=\"done\""));
        assertTrue(home.body().contains("data-watch=\"on\" data-idle=\"30\" data-warning=\"5\""),
                "the configured idle sign-out");

        // The card scanned on another screen opens the same account.
        KioskBrowser other = paired();
        HttpResponse<String> scanned = other.post("/kiosk/scan", Map.of("_csrf", other.csrf("/kiosk/"), "code", card));
        assertEquals("/kiosk/home", scanned.headers().firstValue("Location").orElse(""));
        assertTrue(other.get("/kiosk/home").body().contains("1,250 points"));

        // And so does the QR code of the member's phone.
        KioskBrowser phone = paired();
        HttpResponse<String> qr = phone.post("/kiosk/scan", Map.of("_csrf", phone.csrf("/kiosk/"),
                "code", member.get("qrToken").asText()));
        assertEquals("/kiosk/home", qr.headers().firstValue("Location").orElse(""), qr.body());
        assertTrue(phone.get("/kiosk/home").body().contains("Hello, Mia"));
    }

    @Test
    void aDoubleSubmittedRedeemBuysOneVoucher() throws Exception {
        KioskBrowser screen = paired();
        String card = signUp(screen, "Noah", "noah@example.com");
        String id = api("GET", "/api/v1/members?card=" + card, null).get("id").asText();
        api("POST", "/api/v1/members/" + id + "/adjustments", Map.of("adjustmentId", "kiosk-redeem", "points", 800,
                "reason", "welcome", "actor", "test"));
        HttpResponse<String> home = screen.get("/kiosk/home");
        String reward = find(home.body(), "class=\"reward\" data-reward=\"([^\"]+)\"");
        HttpResponse<String> confirm = screen.get("/kiosk/rewards/" + reward);
        assertTrue(confirm.body().contains("data-screen=\"confirm\""));
        Map<String, String> form = Map.of("_csrf", KioskBrowser.csrfOf(confirm.body()),
                "redemptionId", find(confirm.body(), "name=\"redemptionId\" value=\"([^\"]+)\""));
        assertEquals(303, screen.post("/kiosk/rewards/" + reward, form).statusCode());
        assertEquals(303, screen.post("/kiosk/rewards/" + reward, form).statusCode());

        HttpResponse<String> after = screen.get("/kiosk/home");
        assertEquals(1, count(after.body(), "<article class=\"voucher\""), after.body());
        assertTrue(after.body().contains("<p class=\"big\" id=\"available-points\">300 points</p>"), after.body());
        assertTrue(after.body().contains("class=\"voucher-qr code-box\"><svg"));
        assertTrue(after.body().contains("class=\"voucher-barcode code-box\"><svg"));
        assertEquals(1, api("GET", "/api/v1/members/" + id + "/vouchers", null).size());
    }

    @Test
    void everyFormWithoutItsTokenOrWithAWrongOneIsRefused() throws Exception {
        KioskBrowser screen = paired();
        signUp(screen, "Ole", "ole@example.com");
        for (String path : List.of("/kiosk/scan", "/kiosk/phone", "/kiosk/code", "/kiosk/signup",
                "/kiosk/rewards/ANY", "/kiosk/logout")) {
            assertEquals(403, screen.post(path, Map.of("code", "1")).statusCode(), path + " without a token");
            HttpResponse<String> wrong = screen.post(path, Map.of("code", "1", "_csrf", "forged"));
            assertEquals(403, wrong.statusCode(), path + " with a wrong token");
            assertTrue(wrong.body().contains("This page has expired"), wrong.body());
        }
        assertTrue(screen.get("/kiosk/home").body().contains("data-screen=\"home\""), "still signed in");
    }

    @Test
    void afterDoneTheOldSessionCookieGetsNothingPersonal() throws Exception {
        KioskBrowser screen = paired();
        String card = signUp(screen, "Greta", "greta@example.com");
        HttpResponse<String> home = screen.get("/kiosk/home");
        assertTrue(home.body().contains("Hello, Greta"));
        KioskBrowser before = screen.copy();

        HttpResponse<String> done = screen.post("/kiosk/logout", Map.of("_csrf", KioskBrowser.csrfOf(home.body())));
        assertEquals(303, done.statusCode());
        assertTrue(KioskBrowser.setCookies(done, "kiosk_session").get(0).contains("Max-Age=0"));
        assertTrue(done.headers().firstValue("Clear-Site-Data").orElse("").contains("storage"));
        assertEquals(List.of("kiosk_device"), List.copyOf(screen.cookies().keySet()), "only the pairing is left");

        for (String path : List.of("/kiosk/home", "/kiosk/card", "/kiosk/rewards/FIVE-OFF-500")) {
            HttpResponse<String> page = before.open(path);
            assertTrue(page.body().contains("data-screen=\"start\""), path);
            assertFalse(page.body().contains("Greta") || page.body().contains(card), path + ": " + page.body());
        }
    }

    @Test
    void garbageFormsAreAFriendlyPageNeverAFailure() throws Exception {
        KioskBrowser screen = paired();
        signUp(screen, "Ida", "ida@example.com");
        Map<String, byte[]> bodies = new HashMap<>();
        bodies.put("broken escape", "_csrf=%zz&code=%".getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("not UTF-8", "code=%C3%28".getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("raw bytes", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '=', '&'});
        bodies.put("NUL", "code=%00".getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("too large", ("code=" + "x".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("many fields", "a=1&".repeat(500).getBytes(StandardCharsets.ISO_8859_1));
        for (String path : List.of("/kiosk/scan", "/kiosk/phone", "/kiosk/code", "/kiosk/signup",
                "/kiosk/rewards/FIVE-OFF-500", "/kiosk/logout", "/kiosk/alive")) {
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                HttpResponse<String> answer = screen.postRaw(path, "application/x-www-form-urlencoded", body.getValue());
                assertFriendlyRefusal(path + " " + body.getKey(), answer);
            }
            assertFriendlyRefusal(path + " JSON", screen.postRaw(path, "application/json", "{}".getBytes()));
        }
        assertTrue(screen.get("/kiosk/home").body().contains("data-screen=\"home\""), "the session survived it all");
    }

    @Test
    void aShopperSignsInByPhoneAndAnUnknownNumberSignsUpWithIt() throws Exception {
        KioskBrowser screen = paired();
        String phone = "+4915112340077";
        HttpResponse<String> sent = screen.post("/kiosk/phone", Map.of("_csrf", screen.csrf("/kiosk/phone"),
                "phone", phone));
        assertEquals("/kiosk/code", sent.headers().firstValue("Location").orElse(""), sent.body());
        HttpResponse<String> codePage = screen.get("/kiosk/code");
        assertTrue(codePage.body().contains("+49 ••• 77"), "the number, masked");
        assertFalse(codePage.body().contains(phone));
        String csrf = KioskBrowser.csrfOf(codePage.body());
        HttpResponse<String> wrong = screen.post("/kiosk/code", Map.of("_csrf", csrf, "code", "000000"));
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("That code is not right"), wrong.body());

        HttpResponse<String> right = screen.post("/kiosk/code", Map.of("_csrf", csrf, "code", smsCode(phone)));
        assertEquals("/kiosk/signup", right.headers().firstValue("Location").orElse(""),
                right.statusCode() + " " + right.body());
        HttpResponse<String> signup = screen.get("/kiosk/signup");
        assertTrue(signup.body().contains("value=\"" + phone + "\""), "the proven number, filled in");

        // A member's number signs them in.
        String known = "+4915112340088";
        api("POST", "/api/v1/members", Map.of("givenName", "Pia", "familyName", "Roth", "phone", known,
                "joinChannel", "POS", "joinStore", "S001"));
        KioskBrowser member = paired();
        member.post("/kiosk/phone", Map.of("_csrf", member.csrf("/kiosk/phone"), "phone", known));
        HttpResponse<String> in = member.post("/kiosk/code", Map.of("_csrf", member.csrf("/kiosk/code"),
                "code", smsCode(known)));
        assertEquals("/kiosk/home", in.headers().firstValue("Location").orElse(""), in.statusCode() + " " + in.body());
        assertTrue(member.get("/kiosk/home").body().contains("Hello, Pia R."));
    }

    @Test
    void theLanguageSwitchKeepsTheScreenAndSpeaksGermanAndChinese() throws Exception {
        KioskBrowser screen = paired();
        HttpResponse<String> switched = screen.get("/kiosk/language?to=de&back=signup");
        assertEquals("/kiosk/signup", switched.headers().firstValue("Location").orElse(""));
        HttpResponse<String> german = screen.get("/kiosk/signup");
        assertTrue(german.body().contains("<html lang=\"de\">"));
        assertTrue(german.body().contains("Ja, senden Sie mir Angebote"));
        screen.get("/kiosk/language?to=zh-Hans&back=start");
        HttpResponse<String> chinese = screen.get("/kiosk/");
        assertTrue(chinese.body().contains("<html lang=\"zh-Hans\">"));
        assertTrue(chinese.body().contains("欢迎"));
        HttpResponse<String> elsewhere = screen.get("/kiosk/language?to=de&back=https%3A%2F%2Fevil.example");
        assertEquals("/kiosk/", elsewhere.headers().firstValue("Location").orElse(""),
                "back to our own screens only: " + elsewhere.statusCode() + " " + elsewhere.body());
    }

    private static void assertFriendlyRefusal(String what, HttpResponse<String> answer) {
        assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, what + ": " + answer.statusCode());
        assertFalse(answer.body().contains("java.") || answer.body().contains("Exception"), what + ": " + answer.body());
    }

    /** A paired screen showing the start screen. */
    private static KioskBrowser paired() throws Exception {
        KioskBrowser screen = new KioskBrowser(base);
        screen.get(pairing);
        return screen;
    }

    /** Signs up on {@code screen}; returns the new card's number. */
    private static String signUp(KioskBrowser screen, String name, String email) throws Exception {
        Map<String, String> form = new HashMap<>(Map.of("_csrf", screen.csrf("/kiosk/signup"), "givenName", name,
                "familyName", "Tester", "email", email, "language", "en", "consentEmail", "yes"));
        HttpResponse<String> answer = screen.post("/kiosk/signup", form);
        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals("/kiosk/card", answer.headers().firstValue("Location").orElse(""));
        String session = KioskBrowser.setCookies(answer, "kiosk_session").get(0);
        assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict"), session);
        HttpResponse<String> card = screen.get("/kiosk/card");
        assertTrue(card.body().contains("data-screen=\"card\""), card.body());
        return find(card.body(), "<span id=\"card-number\">([^<]+)</span>");
    }

    private static String smsCode(String phone) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(smsLog)) {
                List<String> lines = Files.readAllLines(smsLog).stream().filter(l -> l.contains(phone)).toList();
                if (!lines.isEmpty()) {
                    return find(lines.get(lines.size() - 1), "\\b(\\d{6})\\b");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no SMS to " + phone + " in " + smsLog);
    }

    private static JsonNode api(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + admin);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.body());
        return Json.mapper().readTree(response.body());
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in " + text);
        }
        return matcher.group(1);
    }
}
