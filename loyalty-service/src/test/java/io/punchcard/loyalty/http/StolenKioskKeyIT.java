package io.punchcard.loyalty.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.KioskSession;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.member.DigitalCards;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A KIOSK key stolen from a kiosk reads and spends no one's points: alone it can enrol and open a session for a
 * member whose card it holds, and in a session it acts for that member only — every route that names another
 * member is refused and changes nothing.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StolenKioskKeyIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    private static CoreUnderTest admin;
    private static String kioskToken;
    private static CoreUnderTest kiosk;
    private static UUID ana;
    private static UUID bea;
    private static String anasVoucher;
    private static String beasVoucher;
    private static Instant salesAt;

    @BeforeAll
    static void start(TestPostgres postgres) {
        admin = CoreUnderTest.start(postgres, CLOCK);
        kioskToken = Fixtures.apiKey(admin, "KIOSK", null);
        kiosk = admin.as(kioskToken);
        ana = member("Ana", "KANA0001", "+4915111111111");
        bea = member("Bea", "KBEA0001", "+4915122222222");
        anasVoucher = voucher(ana);
        beasVoucher = voucher(bea);
        salesAt = CLOCK.instant().minusSeconds(60);
        for (String card : List.of("KANA0001", "KBEA0001")) {
            CoreUnderTest.Response sale = admin.post("/api/v1/purchases", Fixtures.sale("sale-" + card, card, 20_000,
                    salesAt));
            assertEquals(201, sale.status(), sale.body().toString());
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static UUID member(String name, String card, String phone) {
        CoreUnderTest.Response joined = admin.post("/api/v1/members", Map.of("givenName", name, "cardNumber", card,
                "phone", phone, "joinChannel", "POS", "joinStore", "S001"));
        assertEquals(201, joined.status(), joined.body().toString());
        UUID id = UUID.fromString(joined.text("id"));
        assertEquals(201, admin.post("/api/v1/members/" + id + "/adjustments", Map.of("adjustmentId", "seed-" + card,
                "points", 2000, "reason", "seed", "actor", "test")).status());
        return id;
    }

    private static String voucher(UUID member) {
        CoreUnderTest.Response issued = admin.post("/api/v1/vouchers", Map.of("template", "FIVE-OFF", "memberId",
                member.toString(), "reason", "welcome"));
        assertEquals(201, issued.status(), issued.body().toString());
        return issued.text("code");
    }

    private static String openByCard(CoreUnderTest caller, String card) {
        CoreUnderTest.Response opened = caller.post("/api/v1/kiosk/sessions", Map.of("card", card));
        assertEquals(201, opened.status(), opened.body().toString());
        assertTrue(opened.text("token").startsWith("ks_"), opened.body().toString());
        return opened.text("token");
    }

    /** Everything of Bea's a kiosk could change or read: her card, vouchers, ledger and purchases, as an admin sees them. */
    private static List<JsonNode> beasState() {
        com.fasterxml.jackson.databind.node.ObjectNode summary =
                (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/api/v1/members/" + bea + "/summary").body();
        summary.remove("asOf");
        return List.of(admin.get("/api/v1/members/" + bea).body(), summary,
                admin.get("/api/v1/members/" + bea + "/vouchers").body(),
                admin.get("/api/v1/members/" + bea + "/ledger").body(),
                admin.get("/api/v1/purchases?memberId=" + bea).body());
    }

    /** Every route that reads or acts for one member, for {@code member}: what a kiosk in a session may call. */
    private static List<Call> memberRoutes(UUID member, String voucher) {
        return List.of(new Call("GET", "/api/v1/members/" + member, null),
                new Call("GET", "/api/v1/members/" + member + "/summary", null),
                new Call("GET", "/api/v1/members/" + member + "/vouchers", null),
                new Call("POST", "/api/v1/members/" + member + "/rewards",
                        Map.of("reward", "FIVE-OFF-500", "redemptionId", "stolen-" + UUID.randomUUID())),
                new Call("GET", "/api/v1/purchases?memberId=" + member, null),
                new Call("GET", "/api/v1/vouchers/" + voucher, null),
                new Call("POST", "/api/v1/vouchers/" + voucher + "/validate", Map.of("eligibleMinor", 5000)));
    }

    /** Member routes a kiosk may never call, session or not. */
    private static List<Call> neverRoutes(UUID member) {
        return List.of(new Call("GET", "/api/v1/members?card=KBEA0001", null),
                new Call("GET", "/api/v1/members?phone=%2B4915122222222", null),
                new Call("GET", "/api/v1/members/summary?card=KBEA0001", null),
                new Call("GET", "/api/v1/members", null),
                new Call("PATCH", "/api/v1/members/" + member, Map.of("givenName", "Mallory")),
                new Call("GET", "/api/v1/members/" + member + "/ledger", null),
                new Call("POST", "/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "stolen",
                        "points", 100)),
                new Call("POST", "/api/v1/members/" + member + "/adjustments", Map.of("adjustmentId", "stolen",
                        "points", 100, "reason", "x", "actor", "x")),
                new Call("GET", "/api/v1/members/" + member + "/export", null),
                new Call("POST", "/api/v1/vouchers/" + beasVoucher + "/holds", Map.of("saleRef", "stolen")),
                new Call("POST", "/api/v1/members/cards", Map.of("ids", List.of(member.toString()))));
    }

    private record Call(String method, String path, Object body) {
        CoreUnderTest.Response on(CoreUnderTest caller) {
            return switch (method) {
                case "GET" -> caller.get(path);
                case "POST" -> caller.post(path, body);
                case "PATCH" -> caller.patch(path, body);
                default -> throw new IllegalArgumentException(method);
            };
        }
    }

    private static void refused(List<String> failures, Call call, CoreUnderTest caller, int status, String type) {
        CoreUnderTest.Response answer = call.on(caller);
        if (answer.status() != status || !answer.text("type").equals("https://punchcard.io/problems/" + type)) {
            failures.add(call.method() + " " + call.path() + " -> " + answer.status() + " " + answer.body());
        }
    }

    @Test
    void aSessionForAnaActsForAnaAndEveryRouteForBeaIsRefusedChangingNothing() {
        CoreUnderTest anas = kiosk.inKioskSession(openByCard(kiosk, "KANA0001"));
        List<JsonNode> before = beasState();

        List<String> failures = new ArrayList<>();
        for (Call call : memberRoutes(bea, beasVoucher)) {
            refused(failures, call, anas, 403, "kiosk-session-member");
        }
        for (Call call : neverRoutes(bea)) {
            refused(failures, call, anas, 403, "forbidden");
        }
        for (Call call : neverRoutes(ana)) {
            refused(failures, call, anas, 403, "forbidden");
        }
        CoreUnderTest.Response everyones = anas.get("/api/v1/purchases");
        assertEquals(403, everyones.status(), "no listing without the session's member: " + everyones.body());
        assertEquals("memberId", everyones.text("field"));

        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, beasState(), "Bea's card, vouchers, ledger and purchases are as they were");
        long anasPoints = admin.get("/api/v1/members/" + ana + "/summary").number("availablePoints");
        for (Call call : memberRoutes(ana, anasVoucher)) {
            CoreUnderTest.Response answer = call.on(anas);
            assertTrue(answer.status() == 200 || answer.status() == 201, call + " -> " + answer.body());
        }
        assertEquals(anasPoints - 500, admin.get("/api/v1/members/" + ana + "/summary").number("availablePoints"),
                "Ana bought a reward with 500 of her points");
    }

    @Test
    void withoutASessionAKioskKeyReadsAndSpendsNoOnesPoints() {
        List<JsonNode> before = beasState();

        List<String> failures = new ArrayList<>();
        for (UUID member : List.of(ana, bea)) {
            for (Call call : memberRoutes(member, member.equals(ana) ? anasVoucher : beasVoucher)) {
                refused(failures, call, kiosk, 401, "kiosk-session-required");
                refused(failures, call, kiosk.inKioskSession("ks_made_up_token"), 401, "kiosk-session-required");
            }
            for (Call call : neverRoutes(member)) {
                refused(failures, call, kiosk, 403, "forbidden");
            }
        }

        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, beasState());
    }

    @Test
    void anotherKiosksSessionIsNoneOfThisKiosksAndAnEndedOneIsOver() {
        String otherKiosk = Fixtures.apiKey(admin, "KIOSK", null);
        String theirs = openByCard(admin.as(otherKiosk), "KBEA0001");

        CoreUnderTest.Response borrowed = kiosk.inKioskSession(theirs).get("/api/v1/members/" + bea);
        assertEquals(401, borrowed.status(), borrowed.body().toString());
        assertEquals("https://punchcard.io/problems/kiosk-session-required", borrowed.text("type"));
        assertEquals(204, kiosk.inKioskSession(theirs).delete("/api/v1/kiosk/sessions/current").status());
        assertEquals(200, admin.as(otherKiosk).inKioskSession(theirs).get("/api/v1/members/" + bea).status(),
                "a kiosk cannot end another kiosk's session");

        CoreUnderTest mine = kiosk.inKioskSession(openByCard(kiosk, "KANA0001"));
        assertEquals(200, mine.get("/api/v1/members/" + ana + "/summary").status());
        assertEquals(204, mine.delete("/api/v1/kiosk/sessions/current").status());
        CoreUnderTest.Response after = mine.get("/api/v1/members/" + ana + "/summary");
        assertEquals(401, after.status(), after.body().toString());
        assertEquals("https://punchcard.io/problems/kiosk-session-required", after.text("type"));
        assertEquals(204, mine.delete("/api/v1/kiosk/sessions/current").status(), "ending it twice is no error");
    }

    @Test
    void aSessionEndsAfterTenIdleMinutesAndAfterThirtyHoweverBusy() {
        CoreUnderTest idle = kiosk.inKioskSession(openByCard(kiosk, "KANA0001"));
        CoreUnderTest busy = kiosk.inKioskSession(openByCard(kiosk, "KANA0001"));

        CLOCK.advance(Duration.ofMinutes(9));
        assertEquals(200, busy.get("/api/v1/members/" + ana).status());
        CLOCK.advance(Duration.ofMinutes(2));
        CoreUnderTest.Response idleAnswer = idle.get("/api/v1/members/" + ana);
        assertEquals(401, idleAnswer.status(), idleAnswer.body().toString());
        assertEquals("https://punchcard.io/problems/kiosk-session-expired", idleAnswer.text("type"));
        for (int minutes = 11; minutes < 29; minutes += 6) {
            assertEquals(200, busy.get("/api/v1/members/" + ana).status(), "busy at minute " + minutes);
            CLOCK.advance(Duration.ofMinutes(6));
        }
        CLOCK.advance(Duration.ofMinutes(2));
        CoreUnderTest.Response busyAnswer = busy.get("/api/v1/members/" + ana);
        assertEquals(401, busyAnswer.status(), busyAnswer.body().toString());
        assertEquals("https://punchcard.io/problems/kiosk-session-expired", busyAnswer.text("type"));

        assertTrue(admin.service().maintenance().runIfDue(io.punchcard.loyalty.jobs.Job.END_KIOSK_SESSIONS,
                Duration.ZERO).orElseThrow() >= 1, "the job deletes sessions past their end");
    }

    @Test
    void aConnectorOpensAKiosksSessionByPhoneAndAKioskCannot() {
        PunchcardClient kioskClient = admin.client("kiosk by phone", Scope.KIOSK);
        String kioskKeyId = kioskClient.access().id();
        PunchcardClient otp = admin.client("one-time codes", Scope.CONNECTOR);

        KioskSession session = otp.openKioskSession(OpenKioskSession.byPhone("+49 151 22222222", kioskKeyId));
        assertEquals(bea, session.memberId());
        assertEquals(600, session.idleSeconds());
        assertEquals(CLOCK.instant().plus(Duration.ofMinutes(30)), session.expiresAt());
        PunchcardClient inSession = kioskClient.inKioskSession(session.token());
        assertEquals(bea, inSession.summary(bea).memberId());
        inSession.endKioskSession();
        PunchcardException ended = org.junit.jupiter.api.Assertions.assertThrows(PunchcardException.class,
                () -> inSession.summary(bea));
        assertEquals(401, ended.status());

        CoreUnderTest.Response byKiosk = kiosk.post("/api/v1/kiosk/sessions", Map.of("phone", "+4915122222222",
                "kioskKey", kioskKeyId));
        assertEquals(403, byKiosk.status(), byKiosk.body().toString());
        assertEquals("phone", byKiosk.text("field"));
        String connectorKey = Fixtures.apiKey(admin, "CONNECTOR", null);
        CoreUnderTest connector = admin.as(connectorKey);
        CoreUnderTest.Response scanByConnector = connector.post("/api/v1/kiosk/sessions", Map.of("card", "KBEA0001"));
        assertEquals(403, scanByConnector.status(), scanByConnector.body().toString());
        assertEquals("card", scanByConnector.text("field"));
        CoreUnderTest.Response notAKiosk = connector.post("/api/v1/kiosk/sessions", Map.of("phone", "+4915122222222",
                "kioskKey", connectorKey.split("_")[1]));
        assertEquals(404, notAKiosk.status(), notAKiosk.body().toString());
        assertEquals("kioskKey", notAKiosk.text("field"));
        assertEquals(403, admin.as(Fixtures.apiKey(admin, "STORE", "S001")).post("/api/v1/kiosk/sessions",
                Map.of("phone", "+4915122222222", "kioskKey", kioskKeyId)).status());
    }

    @Test
    void aSessionRequestNamesTheMemberOneWay() {
        Map<Map<String, String>, String> refusals = Map.of(
                Map.of(), "card",
                Map.of("card", "KANA0001", "qr", "ABCDEFGHJKMNPQRSTV"), "qr",
                Map.of("card", "KANA0001", "kioskKey", "abc"), "kioskKey",
                Map.of("card", "no card!"), "card");
        refusals.forEach((body, field) -> {
            CoreUnderTest.Response refused = kiosk.post("/api/v1/kiosk/sessions", body);
            assertEquals(400, refused.status(), body + ": " + refused.body());
            assertEquals(field, refused.text("field"), body + ": " + refused.body());
        });
        CoreUnderTest.Response nobody = kiosk.post("/api/v1/kiosk/sessions", Map.of("card", "NOBODY0001"));
        assertEquals(404, nobody.status(), nobody.body().toString());
        assertEquals("https://punchcard.io/problems/member-not-found", nobody.text("type"));
        assertEquals("card", nobody.text("field"));
    }

    @Test
    void aKeyTryingCardNumbersIsStoppedAfterTwentyMisses() {
        CoreUnderTest thief = admin.as(Fixtures.apiKey(admin, "KIOSK", null));
        for (int i = 0; i < 20; i++) {
            assertEquals(404, thief.post("/api/v1/kiosk/sessions", Map.of("card", "GUESS" + (1000 + i))).status());
        }

        CoreUnderTest.Response stopped = thief.post("/api/v1/kiosk/sessions", Map.of("card", "KBEA0001"));

        assertEquals(429, stopped.status(), stopped.body().toString());
        assertEquals("https://punchcard.io/problems/too-many-misses", stopped.text("type"));
        assertEquals(201, kiosk.post("/api/v1/kiosk/sessions", Map.of("card", "KBEA0001")).status(),
                "another kiosk is not stopped");
    }

    @Test
    void aShopperSigningUpAtTheKioskLeavesWithADigitalCardThatOpensTheirSession() {
        CoreUnderTest.Response joined = kiosk.post("/api/v1/members", Map.of("givenName", "Cleo", "joinChannel", "KIOSK",
                "consents", Map.of("email", Map.of("granted", true, "source", "kiosk",
                        "text", "Yes, send me offers by e-mail. You can unsubscribe at any time."))));

        assertEquals(201, joined.status(), joined.body().toString());
        String card = joined.text("cardNumber");
        assertTrue(card.matches("9[0-9]{15}") && DigitalCards.luhnValid(card), card);
        assertNotNull(joined.body().get("qrToken"), "the QR shown beside the card: " + joined.body());
        assertEquals("Yes, send me offers by e-mail. You can unsubscribe at any time.",
                joined.body().get("consents").get("email").get("text").asText());
        UUID cleo = UUID.fromString(joined.text("id"));
        assertTrue(admin.get("/api/v1/members/" + cleo + "/export").body().toString()
                .contains("You can unsubscribe at any time."), "the wording agreed to is in the member's copy");
        assertEquals(200, kiosk.inKioskSession(openByCard(kiosk, card)).get("/api/v1/members/" + cleo + "/summary")
                .status());
        CoreUnderTest.Response byQr = kiosk.post("/api/v1/kiosk/sessions", Map.of("qr", joined.text("qrToken")));
        assertEquals(201, byQr.status(), byQr.body().toString());
        assertEquals(cleo.toString(), byQr.text("memberId"));
    }

    @Test
    void theKiosksHomeScreenSaysHowMuchMoreByWhenToReachTheNextTier() {
        CoreUnderTest beas = kiosk.inKioskSession(openByCard(kiosk, "KBEA0001"));

        JsonNode progress = beas.get("/api/v1/members/" + bea + "/summary").body().get("progress");

        assertEquals("SILVER", progress.get("nextTier").asText());
        assertEquals(50_000 - 20_000, progress.get("needed").asLong());
        assertEquals(salesAt.atOffset(java.time.ZoneOffset.UTC).plusMonths(12).toInstant(),
                Instant.parse(progress.get("neededBy").asText()), "when Bea's one purchase leaves the 12-month window");
    }

    @Test
    void consentWordingOverTwoThousandCharactersIsRefusedNamingIt() {
        CoreUnderTest.Response refused = kiosk.post("/api/v1/members", Map.of("givenName", "Eve", "joinChannel", "KIOSK",
                "consents", Map.of("sms", Map.of("granted", true, "source", "kiosk", "text", "x".repeat(2001)))));

        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("consents.sms.text", refused.text("field"));
    }

    @Test
    void anErasedMembersCardOpensNoSessionAndTheirOpenSessionEnds() {
        UUID dora = member("Dora", "KDOR0001", "+4915133333333");
        CoreUnderTest doras = kiosk.inKioskSession(openByCard(kiosk, "KDOR0001"));

        assertEquals(204, admin.post("/api/v1/members/" + dora + "/erase", Map.of("actor", "dpo", "reason", "request"))
                .status());

        assertEquals(401, doras.get("/api/v1/members/" + dora).status());
        CoreUnderTest.Response again = kiosk.post("/api/v1/kiosk/sessions", Map.of("card", "KDOR0001"));
        assertEquals(404, again.status(), again.body().toString());
    }

    @Test
    void aRevokedKiosksSessionsDieWithItsKey() {
        String token = Fixtures.apiKey(admin, "KIOSK", null);
        CoreUnderTest lost = admin.as(token).inKioskSession(openByCard(admin.as(token), "KANA0001"));
        assertEquals(200, lost.get("/api/v1/members/" + ana).status());

        assertEquals(204, admin.delete("/api/v1/admin/api-keys/" + token.split("_")[1]).status());

        assertEquals(401, lost.get("/api/v1/members/" + ana).status());
    }
}
