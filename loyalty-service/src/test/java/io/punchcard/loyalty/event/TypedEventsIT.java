package io.punchcard.loyalty.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.jobs.Job;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Every path that changes a member, driven over HTTP, writes the feed's typed contract: each event reads back through
 * {@link PunchcardClient#events} as its {@link LoyaltyEvent} record with the facts and balances a follower needs.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TypedEventsIT {

    /** A Monday, 10:00 in Berlin: no happy hour (Tuesdays) gets in the way of the points counted below. */
    private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");
    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    private static final Set<EventType> SEEN = EnumSet.noneOf(EventType.class);

    private static final MutableClock CLOCK = new MutableClock(START);
    private static CoreUnderTest core;
    private static PunchcardClient client;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, CLOCK);
        client = new PunchcardClient(PunchcardClient.Settings.of(URI.create(core.baseUri()), core.token()));
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static List<EventPage.FeedEvent> feedAfter(String position) {
        List<EventPage.FeedEvent> events = new ArrayList<>();
        String cursor = position;
        while (true) {
            EventPage page = client.events(cursor, 1000);
            if (page.events().isEmpty()) {
                return events;
            }
            events.addAll(page.events());
            cursor = page.next();
        }
    }

    /** The records of kind {@code type} about {@code member}, in feed order. */
    private static <T extends LoyaltyEvent> List<T> of(List<EventPage.FeedEvent> feed, UUID member, Class<T> type) {
        return feed.stream().filter(e -> member.toString().equals(e.memberId())).map(EventPage.FeedEvent::event)
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends LoyaltyEvent> T last(List<EventPage.FeedEvent> feed, UUID member, Class<T> type) {
        List<T> all = of(feed, member, type);
        assertFalse(all.isEmpty(), "no " + type.getSimpleName() + " for " + member);
        return all.get(all.size() - 1);
    }

    private static long available(UUID member) {
        return core.get("/api/v1/members/" + member + "/summary").number("availablePoints");
    }

    private static CoreUnderTest.Response ok(CoreUnderTest.Response response) {
        assertTrue(response.status() / 100 == 2, response.status() + " " + response.body());
        return response;
    }

    private static RecordPurchase sale(PurchaseSource source, String id, String card, PurchaseLine... lines) {
        long total = Arrays.stream(lines).mapToLong(PurchaseLine::unitPriceMinor).sum();
        return new RecordPurchase(source, id, MemberRef.card(card), CLOCK.instant(), "EUR", List.of(lines), null, null,
                null, total, null, null);
    }

    private static PurchaseLine line(String sku, String category, long amountMinor) {
        return new PurchaseLine(sku, category, BigDecimal.ONE, amountMinor, 0L);
    }

    private static UUID enroll(EnrollMember member) {
        return UUID.fromString(ok(core.post("/api/v1/members", member)).text("id"));
    }

    @Test
    @Order(1)
    void everyPathWritesItsTypedEventWithTheFactsAndBalanceAFollowerNeeds() {
        String start = core.eventsPosition();

        // The program: a rule a campaign put in, and a store in another zone.
        CoreUnderTest.Response badRule = core.put("/api/v1/program/earning/rules/shirt-fortnight", Map.of(
                "kind", "BONUS", "bonusPoints", 25, "match", Map.of("categories", List.of("shirts")),
                "campaign", "autumn 2026!"));
        assertEquals(400, badRule.status());
        assertEquals("campaign", badRule.text("field"), badRule.body().toString());
        ok(core.put("/api/v1/program/earning/rules/shirt-fortnight", Map.of("kind", "BONUS", "bonusPoints", 25,
                "match", Map.of("categories", List.of("shirts")), "campaign", "autumn-2026")));
        assertTrue(core.get("/api/v1/program").body().toString().contains("\"campaign\":\"autumn-2026\""),
                "the program keeps the rule's campaign");
        ok(core.put("/api/v1/program/stores/LIS", Map.of("name", "Lisbon", "timezone", "Europe/Lisbon")));

        // Members: joined, updated, consents changed.
        UUID ana = enroll(new EnrollMember("Ana", "Silva", null, null, "TYPED001", null, LocalDate.parse("1990-02-28"),
                "de", null, "POS", "S001", List.of("vip"), Map.of("email", new Consent(true, "pos-signup", null)), null));
        UUID ben = Fixtures.enroll(core, "TYPED002");
        UUID cleo = enroll(new EnrollMember("Cleo", "Mar", null, "cleo@example.com", "TYPED003", null, null, "en",
                null, "POS", "S001", null, null, null));
        UUID dup = Fixtures.enroll(core, "TYPED004");
        ok(core.patch("/api/v1/members/" + ana, Map.of("preferredStore", "LIS", "tags", List.of("vip", "e-receipt"))));
        ok(core.patch("/api/v1/members/" + ana, Map.of("consents", Map.of("sms", Map.of("granted", true,
                "source", "kiosk")))));

        // A sale with the campaign's rule, which lifts Ana to SILVER.
        ok(core.post("/api/v1/purchases", sale(TILL, "A-1", "TYPED001", line("SKU-1", "shirts", 60_000),
                line("SKU-2", "socks", 1_000))));
        long anaAfterSale = available(ana);
        // A batch: Ben twice, Ana once.
        ok(core.post("/api/v1/purchases/batch", new PurchaseBatch(List.of(
                sale(TILL, "B-1", "TYPED002", line("SKU-1", "shirts", 5_000)),
                sale(TILL, "B-2", "TYPED002", line("SKU-2", "socks", 3_000)),
                sale(TILL, "A-2", "TYPED001", line("SKU-2", "socks", 1_000))))));
        // A refund of part of Ana's first sale.
        CoreUnderTest.Response refund = ok(core.post("/api/v1/refunds", new RecordRefund(TILL, "REF-A-1", null, TILL,
                "A-1", null, 10_000L, CLOCK.instant(), null)));
        long anaAfterRefund = available(ana);
        // Points as a tender, and the tender cancelled.
        CoreUnderTest.Response tender = ok(core.post("/api/v1/members/" + ana + "/redemptions",
                Map.of("redemptionId", "till-1", "points", 100)));
        long anaAfterTender = available(ana);
        ok(core.post("/api/v1/members/" + ana + "/redemptions/till-1/cancel", Map.of()));
        long anaAfterCancel = available(ana);
        // A reward bought, and its voucher used at a till.
        CoreUnderTest.Response reward = ok(core.post("/api/v1/members/" + ana + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "kiosk-1")));
        long anaAfterReward = available(ana);
        String rewardCode = reward.body().get("voucher").get("code").asText();
        ok(core.post("/api/v1/vouchers/" + rewardCode + "/holds", Map.of("saleRef", "A-3", "memberId", ana.toString())));
        ok(core.post("/api/v1/vouchers/" + rewardCode + "/commit", Map.of("saleRef", "A-3")));
        // Staff add points.
        ok(core.post("/api/v1/members/" + ana + "/adjustments", Map.of("adjustmentId", "goodwill-1", "points", 40,
                "reason", "goodwill", "actor", "test")));
        long anaAfterAdjust = available(ana);
        // A voucher that will run out unused.
        CoreUnderTest.Response issued = ok(core.post("/api/v1/vouchers", Map.of("template", "TEN-PERCENT",
                "reason", "birthday", "memberId", ben.toString(), "issueId", "birthday-ben")));
        String unusedCode = issued.text("code");
        // An online order a day later: pending through the return window, expiring a day after Ben's till sales.
        CLOCK.advance(Duration.ofDays(1));
        ok(core.post("/api/v1/purchases", sale(new PurchaseSource("ONLINE", "WEB", null, "shopify:test"), "O-1",
                "TYPED002", line("SKU-3", "socks", 2_000))));
        // A web shop customer linked to Cleo by e-mail; a duplicate with points merged into her.
        CoreUnderTest.Response resolved = ok(core.post("/api/v1/members/resolve", Map.of("externalId", "shopify:3003",
                "email", "cleo@example.com", "joinStore", "WEB")));
        assertEquals(cleo.toString(), resolved.text("memberId"), resolved.body().toString());
        ok(core.post("/api/v1/purchases", sale(TILL, "D-1", "TYPED004", line("SKU-2", "socks", 1_000))));
        ok(core.post("/api/v1/members/" + cleo + "/merge", Map.of("duplicateId", dup.toString(), "actor", "manager",
                "reason", "same person")));

        // The sweeps: pending points come free, the unused voucher and then the lots expire.
        CLOCK.advance(Duration.ofDays(15));
        core.service().maintenance().runIfDue(Job.RELEASE_PENDING, Duration.ZERO);
        long benAfterRelease = available(ben);
        CLOCK.advance(Duration.ofDays(16));
        core.service().maintenance().runIfDue(Job.EXPIRE_VOUCHERS, Duration.ZERO);
        core.service().maintenance().runIfDue(Job.EXPIRE_VOUCHERS, Duration.ZERO);
        assertEquals("EXPIRED", core.get("/api/v1/vouchers/" + unusedCode).text("status"));
        CLOCK.advance(Duration.ofDays(366));
        core.service().maintenance().runIfDue(Job.EXPIRE_LOTS, Duration.ZERO);
        long anaAfterExpiry = available(ana);

        List<EventPage.FeedEvent> feed = feedAfter(start);
        feed.forEach(e -> SEEN.add(e.event().type()));

        // member.joined: all the member's facts.
        LoyaltyEvent.MemberFacts joined = last(feed, ana, LoyaltyEvent.MemberJoined.class).member();
        assertEquals(LocalDate.parse("1990-02-28"), joined.birthday());
        assertEquals("de", joined.language());
        assertEquals("Europe/Berlin", joined.timeZone(), "no preferred store: the join store's zone");
        assertEquals("S001", joined.joinStore());
        assertNull(joined.preferredStore());
        assertEquals("POS", joined.joinChannel());
        assertEquals(START, joined.joinedAt());
        assertEquals(Set.of("EMAIL"), joined.consents().keySet());
        assertTrue(joined.consents().get("EMAIL").granted());
        assertEquals("pos-signup", joined.consents().get("EMAIL").source());
        assertEquals(List.of("vip"), joined.tags());
        assertNotNull(joined.referralCode());
        assertEquals("MEMBER", joined.tier());

        // member.updated names the parts changed; a change of consents alone is consents.changed.
        List<LoyaltyEvent.MemberUpdated> updates = of(feed, ana, LoyaltyEvent.MemberUpdated.class);
        assertEquals(1, updates.size(), "the consents-only change writes no member.updated: " + updates);
        assertEquals(List.of("profile", "tags"), updates.get(0).changed());
        assertEquals("LIS", updates.get(0).member().preferredStore());
        assertEquals("Europe/Lisbon", updates.get(0).member().timeZone(), "the preferred store's zone");
        assertEquals(List.of("vip", "e-receipt"), updates.get(0).member().tags());
        LoyaltyEvent.ConsentsChanged consents = last(feed, ana, LoyaltyEvent.ConsentsChanged.class);
        assertEquals(List.of("SMS"), consents.channels());
        assertTrue(consents.consents().get("SMS").granted());
        assertEquals("kiosk", consents.consents().get("SMS").source());
        assertTrue(consents.consents().get("EMAIL").granted(), "every channel's consent, changed or not");

        // purchase.recorded: the sale, and what each rule added, with its campaign.
        LoyaltyEvent.PurchaseRecorded bought = of(feed, ana, LoyaltyEvent.PurchaseRecorded.class).get(0);
        assertEquals(TILL.key(), bought.source());
        assertEquals("A-1", bought.externalId());
        assertEquals("S001", bought.store());
        assertEquals("POS", bought.channel());
        assertEquals(START, bought.occurredAt());
        assertEquals(61_000, bought.totalMinor());
        assertEquals(61_000, bought.eligibleMinor());
        assertEquals(List.of("shirts", "socks"), bought.categories());
        assertEquals(List.of(new LoyaltyEvent.RulePoints("big-basket-bonus", null, 50),
                new LoyaltyEvent.RulePoints("shirt-fortnight", "autumn-2026", 25)), bought.rules());
        assertEquals(610 + 50 + 25, bought.points());
        assertFalse(bought.history());

        // points.earned: the balance after it, with the expiry schedule in the program's zone.
        LoyaltyEvent.PointsEarned earned = of(feed, ana, LoyaltyEvent.PointsEarned.class).get(0);
        assertEquals(bought.purchaseId(), earned.purchaseId());
        assertEquals(new LoyaltyEvent.PointsBalance(685, 0, 0,
                List.of(new LoyaltyEvent.Expiring(LocalDate.parse("2027-11-30"), 685))), earned.balance());
        assertEquals(anaAfterSale, earned.balance().available());
        assertEquals(new LoyaltyEvent.TierChanged("MEMBER", "SILVER", "upgrade"),
                of(feed, ana, LoyaltyEvent.TierChanged.class).get(0));

        // The batch: each sale's balance counts the ones before it in the batch.
        List<LoyaltyEvent.PointsEarned> benEarned = of(feed, ben, LoyaltyEvent.PointsEarned.class);
        assertEquals(3, benEarned.size());
        // Shirts earn the campaign's 25 on top: 50 + 25, then 30 for the socks.
        assertEquals(75, benEarned.get(0).balance().available());
        assertEquals(105, benEarned.get(1).balance().available());
        assertEquals(List.of(new LoyaltyEvent.Expiring(LocalDate.parse("2027-11-30"), 105)),
                benEarned.get(1).balance().expiring());
        assertEquals(of(feed, ben, LoyaltyEvent.PurchaseRecorded.class).get(1).purchaseId(), benEarned.get(1).purchaseId());
        // The online order: pending, and a second expiry day.
        assertEquals(new LoyaltyEvent.PointsBalance(105, 20, 0, List.of(
                new LoyaltyEvent.Expiring(LocalDate.parse("2027-11-30"), 105),
                new LoyaltyEvent.Expiring(LocalDate.parse("2027-12-01"), 20))), benEarned.get(2).balance());
        assertEquals(2, of(feed, ana, LoyaltyEvent.PointsEarned.class).size(), "Ana's sale in the batch earned too");

        // purchase.refunded and points.reversed.
        LoyaltyEvent.RefundRecorded refunded = last(feed, ana, LoyaltyEvent.RefundRecorded.class);
        assertEquals("REF-A-1", refunded.externalId());
        assertEquals(bought.purchaseId(), refunded.purchaseId());
        assertEquals(refund.text("refundId"), refunded.refundId().toString());
        assertEquals(10_000, refunded.eligibleMinor());
        assertEquals(refund.number("pointsReversed"), refunded.pointsReversed());
        LoyaltyEvent.PointsReversed reversed = last(feed, ana, LoyaltyEvent.PointsReversed.class);
        assertEquals(refunded.refundId(), reversed.refundId());
        assertEquals(refunded.pointsReversed(), reversed.points());
        assertEquals(anaAfterRefund, reversed.balance().available());

        // points.redeemed at the till, then restored.
        List<LoyaltyEvent.PointsRedeemed> redeemed = of(feed, ana, LoyaltyEvent.PointsRedeemed.class);
        assertEquals(2, redeemed.size());
        assertEquals("tender", redeemed.get(0).reason());
        assertEquals(tender.text("redemptionId"), redeemed.get(0).reference());
        assertEquals(100, redeemed.get(0).points());
        assertEquals(anaAfterTender, redeemed.get(0).balance().available());
        LoyaltyEvent.PointsRestored restored = last(feed, ana, LoyaltyEvent.PointsRestored.class);
        assertEquals(new LoyaltyEvent.PointsRestored(100, tender.text("redemptionId"), restored.balance()), restored);
        assertEquals(anaAfterCancel, restored.balance().available());

        // A reward: points redeemed for it, the voucher it gave, and its use.
        assertEquals("reward", redeemed.get(1).reason());
        assertEquals("FIVE-OFF-500", redeemed.get(1).reference());
        assertEquals(anaAfterReward, redeemed.get(1).balance().available());
        LoyaltyEvent.RewardBought rewardBought = last(feed, ana, LoyaltyEvent.RewardBought.class);
        UUID rewardVoucher = UUID.fromString(reward.body().get("voucher").get("id").asText());
        assertEquals(new LoyaltyEvent.RewardBought("FIVE-OFF-500", 500, rewardVoucher), rewardBought);
        LoyaltyEvent.VoucherIssued rewardIssued = last(feed, ana, LoyaltyEvent.VoucherIssued.class);
        assertEquals(rewardVoucher, rewardIssued.voucherId());
        assertEquals("FIVE-OFF", rewardIssued.template());
        assertEquals(new LoyaltyEvent.VoucherUsed(rewardVoucher, "FIVE-OFF", "A-3", 500),
                last(feed, ana, LoyaltyEvent.VoucherUsed.class));

        // points.adjusted under the caller's id.
        LoyaltyEvent.PointsAdjusted adjusted = last(feed, ana, LoyaltyEvent.PointsAdjusted.class);
        assertEquals(40, adjusted.points());
        assertEquals("goodwill", adjusted.reason());
        assertEquals("goodwill-1", adjusted.adjustmentId());
        assertNull(adjusted.campaign());
        assertEquals(anaAfterAdjust, adjusted.balance().available());

        // voucher.issued for a member, and voucher.expired once.
        LoyaltyEvent.VoucherIssued benVoucher = last(feed, ben, LoyaltyEvent.VoucherIssued.class);
        assertEquals("birthday-ben", benVoucher.issueId());
        assertEquals("TEN-PERCENT", benVoucher.template());
        assertEquals(START.plus(Duration.ofDays(30)), benVoucher.validUntil());
        assertEquals(List.of(new LoyaltyEvent.VoucherExpired(benVoucher.voucherId(), "TEN-PERCENT")),
                of(feed, ben, LoyaltyEvent.VoucherExpired.class), "one event, however often the sweep runs");

        // points.available: the pending points came free.
        LoyaltyEvent.PointsAvailable free = last(feed, ben, LoyaltyEvent.PointsAvailable.class);
        assertEquals(20, free.points());
        assertEquals(0, free.balance().pending());
        assertEquals(benAfterRelease, free.balance().available());

        // points.expired: everything left, a year on.
        LoyaltyEvent.PointsExpired expired = last(feed, ana, LoyaltyEvent.PointsExpired.class);
        assertTrue(expired.points() > 0);
        assertEquals(anaAfterExpiry, expired.balance().available());
        assertEquals(List.of(), expired.balance().expiring());

        // Linking an external id updates Cleo; the merge is one event, on her.
        assertEquals(List.of("externalId"), last(feed, cleo, LoyaltyEvent.MemberUpdated.class).changed());
        List<EventPage.FeedEvent> merges = feed.stream().filter(e -> e.type().equals("member.merged")).toList();
        assertEquals(1, merges.size());
        assertEquals(cleo.toString(), merges.get(0).memberId());
        LoyaltyEvent.MemberMerged merged = (LoyaltyEvent.MemberMerged) merges.get(0).event();
        assertEquals(dup, merged.duplicate());
        assertEquals(last(feed, dup, LoyaltyEvent.PointsEarned.class).points(), merged.pointsMoved(),
                "the duplicate's points moved to her");
        assertEquals("en", merged.member().language());

        // Erasure: Cleo's member events (and her duplicate's) no longer carry her facts.
        assertEquals(204, core.post("/api/v1/members/" + cleo + "/erase", Map.of("actor", "dpo", "reason", "ticket 7"))
                .status());
        List<EventPage.FeedEvent> replay = feedAfter(start);
        replay.forEach(e -> SEEN.add(e.event().type()));
        assertEquals(new LoyaltyEvent.MemberJoined(null), last(replay, cleo, LoyaltyEvent.MemberJoined.class));
        assertEquals(new LoyaltyEvent.MemberUpdated(null, List.of()), last(replay, cleo, LoyaltyEvent.MemberUpdated.class));
        assertEquals(new LoyaltyEvent.MemberMerged(dup, merged.pointsMoved(), null),
                last(replay, cleo, LoyaltyEvent.MemberMerged.class), "which member was merged stays");
        assertEquals(new LoyaltyEvent.MemberJoined(null), last(replay, dup, LoyaltyEvent.MemberJoined.class));
        assertEquals(new LoyaltyEvent.MemberErased(), last(replay, cleo, LoyaltyEvent.MemberErased.class));
        String text = replay.toString();
        assertFalse(text.contains("cleo") || text.contains("Cleo"), "nothing of hers: " + text);
        assertNotNull(last(replay, ana, LoyaltyEvent.MemberJoined.class).member(), "others keep their facts");
    }

    @Test
    @Order(2)
    void everyKindOfTheContractIsWrittenBySomePath() {
        Set<EventType> all = EnumSet.allOf(EventType.class);
        all.remove(EventType.UNRECOGNISED);
        assertEquals(all, SEEN);
    }
}
