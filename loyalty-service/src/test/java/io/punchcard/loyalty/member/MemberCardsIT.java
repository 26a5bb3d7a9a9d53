package io.punchcard.loyalty.member;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.LookUpCards;
import io.punchcard.api.v1.MemberCards;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.loyalty.support.RoundTrips;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/members/cards}: one call answers a batch of members exactly as the two single routes answer
 * each of them, at a cost that does not grow with the batch.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class MemberCardsIT {

    /** A Monday morning: no happy hour (Tuesdays) makes the points of the first sale depend on the day. */
    private static final Instant START = Instant.parse("2025-01-06T08:00:00Z");

    private static final MutableClock CLOCK = new MutableClock(START);
    private static CoreUnderTest core;
    private static PunchcardClient scheduler;

    /** A member with points of every kind: earned a year ago and soon to expire, pending, spent; a tier; a voucher. */
    private static UUID rich;
    private static UUID plain;
    private static UUID survivor;
    private static UUID mergedAway;
    private static UUID erased;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, CLOCK);
        scheduler = core.client("scheduler", Scope.CONNECTOR);

        rich = Fixtures.enroll(core, "CARDS001");
        // 600.00 at the till: SILVER (from 500.00), and points that will be eleven months old.
        created(core.post("/api/v1/purchases", Fixtures.sale("cards-1", "CARDS001", 60000, CLOCK.instant())));
        CLOCK.advance(Duration.ofDays(345));
        created(core.post("/api/v1/purchases", new RecordPurchase(new PurchaseSource("ONLINE", "WEB", null, "shopify:cards"),
                "order-1", MemberRef.card("CARDS001"), CLOCK.instant(), "EUR",
                List.of(new PurchaseLine("X", "shirts", BigDecimal.ONE, 4000L, 0L)), null, null, null, 4000L, null, null)));
        created(core.post("/api/v1/members/" + rich + "/redemptions", Map.of("redemptionId", "cards-r", "points", 100)));
        created(core.post("/api/v1/vouchers", Map.of("template", "TEN-PERCENT", "reason", "test", "memberId",
                rich.toString())));

        plain = Fixtures.enroll(core, "CARDS002");
        survivor = Fixtures.enroll(core, "CARDS003");
        mergedAway = Fixtures.enroll(core, "CARDS004");
        created(core.post("/api/v1/purchases", Fixtures.sale("cards-2", "CARDS004", 2500, CLOCK.instant())));
        assertEquals(200, core.post("/api/v1/members/" + survivor + "/merge", Map.of("duplicateId",
                mergedAway.toString(), "actor", "manager", "reason", "same person")).status());
        erased = Fixtures.enroll(core, "CARDS005");
        assertEquals(204, core.post("/api/v1/members/" + erased + "/erase",
                Map.of("actor", "dpo", "reason", "ticket 7")).status());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static void created(CoreUnderTest.Response response) {
        assertEquals(201, response.status(), response.body().toString());
    }

    @Test
    void aBatchAnswersEachMemberAsTheSingleRoutesDoInTheOrderAskedWithUnknownIdsMissing() {
        UUID unknown = UUID.randomUUID();
        List<UUID> asked = List.of(rich, unknown, mergedAway, plain, rich, erased, survivor, unknown);

        MemberCards answer = scheduler.memberCards(asked);

        assertEquals(List.of(rich, mergedAway, plain, erased, survivor),
                answer.cards().stream().map(card -> card.member().id()).toList(),
                "each known member once, in the order of first asking");
        assertEquals(List.of(unknown), answer.missing());
        for (MemberCards.MemberCard card : answer.cards()) {
            UUID id = card.member().id();
            assertEquals(scheduler.member(id), card.member(), "GET /api/v1/members/" + id);
            MemberSummary single = summaryOrNull(id);
            // The clock stands still, so even asOf agrees; a card made at another time would differ only there.
            assertEquals(single, card.summary(), "GET /api/v1/members/" + id + "/summary");
        }

        // The state compared above is varied enough to tell a wrong card from a right one.
        MemberSummary card = answer.cards().get(0).summary();
        assertEquals("CARDS001", answer.cards().get(0).member().cardNumber());
        assertEquals("SILVER", card.tier(), "the tier reached by 600.00");
        assertTrue(card.progress().qualifying() >= 60000, card.progress().toString());
        assertTrue(card.pendingPoints() > 0, "the online order is in its return window");
        assertTrue(card.availablePoints() > 0 && card.availablePoints() != card.pendingPoints(), card.toString());
        assertTrue(card.expiringPoints() > 0 && card.expiringFrom() != null, "an eleven-month-old lot expires within 30 days");
        assertEquals(1, card.vouchers().size());
        assertEquals("MERGED", answer.cards().get(1).member().status());
        assertEquals(survivor, answer.cards().get(1).member().mergedInto());
        assertNull(answer.cards().get(1).summary(), "a merged member has no card");
        assertEquals("ERASED", answer.cards().get(3).member().status());
        assertNull(answer.cards().get(3).summary(), "an erased member has no card");
        assertNotNull(answer.cards().get(4).summary());
        assertEquals(25, answer.cards().get(4).summary().availablePoints(), "the survivor has the points merged in");
    }

    private static MemberSummary summaryOrNull(UUID id) {
        try {
            return scheduler.summary(id);
        } catch (PunchcardException e) {
            assertEquals(404, e.status(), e.getMessage());
            return null;
        }
    }

    @Test
    void theNumberOfStatementsDoesNotGrowWithTheBatch() {
        List<UUID> many = new ArrayList<>(List.of(rich));
        for (int i = 0; i < 199; i++) {
            many.add(UUID.randomUUID());
        }
        many.addAll(List.of(plain, survivor, mergedAway, erased));
        scheduler.memberCards(List.of(rich));

        int one = RoundTrips.of(() -> scheduler.memberCards(List.of(rich)));
        int twoHundred = RoundTrips.of(() -> scheduler.memberCards(many));

        System.out.println("MemberCardsIT: round trips to PostgreSQL for 1 id: " + one + ", for " + many.size()
                + " ids: " + twoHundred);
        assertTrue(one > 0, "the driver's log is read");
        // Not one or two per member: the same handful, give or take a pooled connection's liveness check.
        assertTrue(twoHundred <= one + 1, one + " for one id, " + twoHundred + " for " + many.size());
    }

    @Test
    void aBodyWithNoIdsTooManyOrOneThatIsNotAnIdIsA400NamingTheField() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= LookUpCards.MAX_IDS; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{}", "ids");
        bad.put("{\"ids\":[]}", "ids");
        bad.put("{\"ids\":null}", "ids");
        bad.put("{\"ids\":" + json(ids) + "}", "ids");
        bad.put("{\"ids\":[\"" + plain + "\",\"" + rich + "\",\"" + plain + "\",\"not-a-member-id\"]}", "ids[3]");
        bad.put("{\"ids\":[\"" + plain + "\",null]}", "ids[1]");

        bad.forEach((body, field) -> {
            CoreUnderTest.Response refused = core.post("/api/v1/members/cards", body);
            String shown = body.length() > 80 ? body.substring(0, 80) + "…" : body;
            assertEquals(400, refused.status(), shown + ": " + refused.body());
            assertEquals(400, refused.number("status"), shown);
            assertEquals(field, refused.text("field"), shown + ": " + refused.body());
        });
        assertEquals(200, core.post("/api/v1/members/cards", "{\"ids\":" + json(ids.subList(0, LookUpCards.MAX_IDS))
                + "}").status(), "500 ids are allowed");
    }

    private static String json(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    void aTillOrAKioskKeyMayNotReadMembersInBulk() {
        Map<String, List<String>> body = Map.of("ids", List.of(plain.toString()));
        for (String scope : List.of("STORE", "KIOSK")) {
            CoreUnderTest.Response refused = core.as(Fixtures.apiKey(core, scope, scope.equals("STORE") ? "S001" : null))
                    .post("/api/v1/members/cards", body);
            assertEquals(403, refused.status(), scope + ": " + refused.body());
        }
        assertEquals(200, core.as(Fixtures.apiKey(core, "CONNECTOR", null)).post("/api/v1/members/cards", body).status());
        assertEquals(401, core.as(null).post("/api/v1/members/cards", body).status());
    }
}
