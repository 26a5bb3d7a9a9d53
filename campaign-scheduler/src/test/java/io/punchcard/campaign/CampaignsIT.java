package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Campaigns as a store manager runs them, end to end against a real core: a birthday voucher that arrives on the
 * member's birthday once, a welcome bonus for those who join while it runs (and not for those who joined before),
 * a double-points weekend the till applies while it runs and not after it is paused, and a results page.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CampaignsIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static MessagesUnderTest app;

    @BeforeAll
    static void start(TestPostgres postgres) {
        app = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of("campaigns.tick-seconds", "1",
                "campaigns.idle-millis", "50", "campaigns.lease-seconds", "10", "facts.poll-millis", "100",
                "welcome.enabled", "false", "receipt.enabled", "false", "campaigns.alerts.to", "manager@shop.example",
                "campaigns.alerts.digest-time", "00:00"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonNode create(String id, Object spec) {
        var created = app.call("POST", "/scheduler/v1/campaigns", Map.of("id", id, "spec", spec));
        assertEquals(201, created.status(), created.body());
        var scheduled = app.call("POST", "/scheduler/v1/campaigns/" + id + "/schedule", null);
        assertEquals(200, scheduled.status(), scheduled.body());
        assertEquals("RUNNING", scheduled.json().get("status").asText());
        return scheduled.json();
    }

    private static void awaitFacts(UUID member) throws InterruptedException {
        Await.until(() -> app.call("GET", "/scheduler/v1/members/" + member + "/facts", null).status() == 200,
                Duration.ofSeconds(20), "the member's facts in the read model");
    }

    @Test
    void aBirthdayVoucherArrivesOnTheBirthdayOnceWithItsCodeInTheEmail() throws Exception {
        Map<String, Object> spec = Map.of("name", "Birthday voucher", "family", "RETAIN",
                "trigger", Map.of("type", "sweep", "sweep", "BIRTHDAY", "time", "00:00"),
                "actions", List.of(Map.of("type", "issueVoucher", "template", "TEN-PERCENT"),
                        Map.of("type", "sendMessage", "template", "campaign-birthday", "channel", "EMAIL")),
                "holdoutPercent", 0);
        create("birthday", spec);
        LocalDate today = LocalDate.now(BERLIN);
        MemberView ada = app.admin.enroll(new io.punchcard.api.v1.EnrollMember("Ada", "Tester", null,
                "ada-bday@example.com", null, null, today.minusYears(30), "en", null, "KIOSK", null, null,
                Map.of("email", new io.punchcard.api.v1.Consent(true, "tests", null)), null));
        MemberView bo = app.admin.enroll(new io.punchcard.api.v1.EnrollMember("Bo", "Tester", null,
                "bo-bday@example.com", null, null, today.minusYears(30).plusDays(3), "en", null, "KIOSK", null, null,
                Map.of("email", new io.punchcard.api.v1.Consent(true, "tests", null)), null));
        awaitFacts(ada.id());
        awaitFacts(bo.id());
        var mail = Await.value(() -> java.util.Arrays.stream(app.mail.getReceivedMessages())
                .filter(m -> recipient(m).equals("ada-bday@example.com")).findFirst().orElse(null),
                Duration.ofSeconds(30), "Ada's birthday e-mail");
        assertEquals("Happy birthday, Ada!", mail.getSubject());
        var vouchers = app.admin.memberVouchers(ada.id());
        assertEquals(1, vouchers.size(), vouchers.toString());
        assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).contains(vouchers.getFirst().code()),
                "the e-mail names the voucher the campaign issued");
        // Paused and resumed the same day, and more ticks come and go: nothing more for Ada (this year's birthday is
        // done), nothing for Bo, whose birthday is in three days.
        assertEquals(200, app.call("POST", "/scheduler/v1/campaigns/birthday/pause", null).status());
        assertEquals(200, app.call("POST", "/scheduler/v1/campaigns/birthday/resume", null).status());
        Thread.sleep(3_000);
        assertEquals(1, app.admin.memberVouchers(ada.id()).size());
        assertEquals(0, app.admin.memberVouchers(bo.id()).size());
        assertEquals(1, java.util.Arrays.stream(app.mail.getReceivedMessages())
                .filter(m -> recipient(m).equals("ada-bday@example.com")).count());
    }

    @Test
    void aWelcomeBonusGoesToWhoJoinsWhileItRunsOnceEvenAfterTheReadModelIsRebuiltFromTheStart() throws Exception {
        MemberView early = app.enroll("Early", "early@example.com", null, true, false, "en");
        awaitFacts(early.id());
        create("welcome", Map.of("name", "Welcome bonus", "family", "RECRUIT",
                "trigger", Map.of("type", "event", "event", "JOINED"),
                "actions", List.of(Map.of("type", "grantPoints", "points", 100)), "holdoutPercent", 0));
        MemberView late = app.enroll("Late", "late@example.com", null, true, false, "en");
        Await.until(() -> app.admin.summary(late.id()).availablePoints() == 100, Duration.ofSeconds(20),
                "Late's welcome bonus");

        // The read model rebuilt from position zero replays every member.joined: none acts again, and Early, who
        // joined before the campaign ran, is still a past occurrence.
        var rebuilt = app.call("POST", "/scheduler/v1/facts/rebuild", null);
        assertEquals(202, rebuilt.status(), rebuilt.body());
        awaitFacts(late.id());
        MemberView later = app.enroll("Later", "later@example.com", null, true, false, "en");
        Await.until(() -> app.admin.summary(later.id()).availablePoints() == 100, Duration.ofSeconds(20),
                "Later's welcome bonus, after the rebuild");
        assertEquals(100, app.admin.summary(late.id()).availablePoints());
        assertEquals(0, app.admin.summary(early.id()).availablePoints());
        // The effect is marked done after the core's answer to its grant, so the points can show a moment before.
        Await.until(() -> app.call("GET", "/scheduler/v1/campaigns/welcome", null).json().at("/effects/done").asLong() == 2,
                Duration.ofSeconds(10), "both welcome effects marked done");
        JsonNode campaign = app.call("GET", "/scheduler/v1/campaigns/welcome", null).json();
        assertEquals(2, campaign.at("/effects/done").asLong(), campaign.toString());
        assertEquals(200, campaign.at("/spent/points").asLong());
    }

    @Test
    void aDoublePointsWeekendDoublesAtTheTillWhileItRunsAndNotOncePausedAndCountsItsPoints() throws Exception {
        MemberView cy = app.enroll("Cy", "cy@example.com", null, true, false, "en");
        long before = sale(cy, "before").pointsEarned();
        Instant now = Instant.now();
        create("double-shirts", Map.of("name", "Double points on shirts", "family", "REWARD",
                "trigger", Map.of("type", "earning", "multiplierPercent", 200, "categories", List.of("shirts")),
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plus(Duration.ofDays(2)).toString()));
        Await.until(() -> app.admin.program().at("/program/earning/rules").findValues("id").stream()
                .anyMatch(id -> id.asText().equals("campaign.double-shirts")), Duration.ofSeconds(20),
                "the campaign's rule in the core's program");
        long during = sale(cy, "during").pointsEarned();
        assertEquals(2 * before, during, "double points on shirts while it runs");

        var paused = app.call("POST", "/scheduler/v1/campaigns/double-shirts/pause", null);
        assertEquals(200, paused.status(), paused.body());
        Await.until(() -> app.admin.program().at("/program/earning/rules").findValues("id").stream()
                .noneMatch(id -> id.asText().equals("campaign.double-shirts")), Duration.ofSeconds(20),
                "the rule taken out of the program");
        assertEquals(before, sale(cy, "paused").pointsEarned());

        // Its cost: the points its rule added, from the events feed.
        Await.until(() -> app.call("GET", "/scheduler/v1/campaigns/double-shirts/results", null).json()
                .at("/spend/points").asLong() == during - before, Duration.ofSeconds(20), "the campaign's points cost");
        JsonNode results = app.call("GET", "/scheduler/v1/campaigns/double-shirts/results", null).json();
        assertEquals("TOO_FEW_MEMBERS", results.at("/results/verdict").asText(), results.toString());
    }

    @Test
    void aStoreManagerSeesTheAlertListedAndGetsItInTheDaysEmailOnce() throws Exception {
        create("vip-watch", Map.of("name", "VIP watch", "family", "RETAIN",
                "trigger", Map.of("type", "event", "event", "JOINED"),
                "audience", Map.of("rule", Map.of("field", "language", "op", "eq", "value", "fr")),
                "actions", List.of(Map.of("type", "alertManager", "note", "Say bonjour at the till")),
                "holdoutPercent", 0));
        MemberView dora = app.enroll("Dora", "dora@example.com", null, true, false, "fr");
        MemberView eli = app.enroll("Eli", "eli@example.com", null, true, false, "en");
        var mail = Await.value(() -> java.util.Arrays.stream(app.mail.getReceivedMessages())
                .filter(m -> recipient(m).equals("manager@shop.example")).findFirst().orElse(null),
                Duration.ofSeconds(30), "the manager's alerts e-mail");
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
        assertTrue(body.contains(dora.id().toString()) && body.contains("Say bonjour at the till"), body);
        assertTrue(!body.contains(eli.id().toString()), "Eli is not in the campaign's audience");
        JsonNode listed = app.call("GET", "/scheduler/v1/alerts", null).json().get("alerts");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(dora.id().toString(), listed.get(0).get("member").asText());
        Thread.sleep(2_000);
        assertEquals(1, java.util.Arrays.stream(app.mail.getReceivedMessages())
                .filter(m -> recipient(m).equals("manager@shop.example")).count(), "one e-mail a day");
    }

    private static io.punchcard.api.v1.PurchaseRecorded sale(MemberView member, String name) {
        return app.admin.recordPurchase(new io.punchcard.api.v1.RecordPurchase(
                new io.punchcard.api.v1.PurchaseSource("POS", "S001", "T1", null), name + "-" + UUID.randomUUID(),
                io.punchcard.api.v1.MemberRef.id(member.id()), Instant.now(), "EUR",
                List.of(new io.punchcard.api.v1.PurchaseLine("SKU-1", "shirts", java.math.BigDecimal.ONE, 2_500L, 0L)),
                null, null, null, 2_500L, null, null));
    }

    private static String recipient(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
