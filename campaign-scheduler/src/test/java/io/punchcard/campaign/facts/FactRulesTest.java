package io.punchcard.campaign.facts;

import static io.punchcard.campaign.facts.Feed.entry;
import static io.punchcard.campaign.facts.Feed.member;
import static io.punchcard.campaign.facts.Feed.purchase;
import static io.punchcard.campaign.facts.Feed.refund;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EventPage.FeedEvent;

/** How each kind of event changes a member's facts, applied in memory as a page is. */
class FactRulesTest {

    /** 12:00 UTC: 21:00 in Tokyo, 07:00 in New York, all on 7 December. */
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final ZoneId PROGRAM = ZoneId.of("America/New_York");

    private final UUID ada = UUID.randomUUID();
    private final FactsBatch batch = new FactsBatch(List.of(), List.of(), PROGRAM, NOW);
    private long id;

    private Applied apply(UUID member, LoyaltyEvent event) {
        return batch.apply(entry(++id, member, event, NOW.minusSeconds(3600)));
    }

    private MemberFacts facts(UUID member) {
        return batch.member(member).orElseThrow();
    }

    @Test
    void aJoinGivesTheProfileConsentsTagsAndTier() {
        UUID friend = UUID.randomUUID();
        Applied joined = apply(ada, new LoyaltyEvent.MemberJoined(member("Asia/Tokyo", "SILVER", true, false, friend,
                "vip", "e-receipt")));

        MemberFacts f = joined.after();
        assertNull(joined.before(), "the feed had not named her");
        assertEquals("SILVER", f.tier());
        assertEquals("Asia/Tokyo", f.timeZone());
        assertEquals(LocalDate.of(1990, 3, 14), f.birthday());
        assertTrue(f.emailConsent());
        assertFalse(f.smsConsent());
        assertEquals(List.of("e-receipt", "vip"), f.coreTags());
        assertEquals(friend, f.referredBy());
        assertEquals("S1", f.preferredStore());
        assertEquals("KIOSK", f.joinChannel());
        assertEquals(MemberFacts.Status.ACTIVE, f.status());
        assertEquals(0, f.purchases());
    }

    @Test
    void consentsChangeOnlyTheChannelsAndAnUpdateReplacesTheProfile() {
        apply(ada, new LoyaltyEvent.MemberJoined(member(null, "SILVER", true, false, null)));
        apply(ada, new LoyaltyEvent.ConsentsChanged(Map.of("SMS", new Consent(true, "kiosk", null),
                "EMAIL", new Consent(false, "unsubscribe", null)), List.of("SMS", "EMAIL")));
        assertFalse(facts(ada).emailConsent());
        assertTrue(facts(ada).smsConsent());
        assertEquals("SILVER", facts(ada).tier(), "a consent change leaves the rest");

        apply(ada, new LoyaltyEvent.MemberUpdated(member("Europe/Paris", "SILVER", true, true, null, "staff"),
                List.of("profile", "tags")));
        assertEquals("Europe/Paris", facts(ada).timeZone());
        assertEquals(List.of("staff"), facts(ada).coreTags());
    }

    @Test
    void aTierIsReachedOnceAndPointsFactsAreTheLatestBalance() {
        apply(ada, new LoyaltyEvent.MemberJoined(member(null, "SILVER", true, false, null)));
        Applied upgrade = apply(ada, new LoyaltyEvent.TierChanged("SILVER", "GOLD", "upgrade"));
        assertTrue(upgrade.reached("GOLD"));
        assertFalse(upgrade.reached("SILVER"));
        Applied points = apply(ada, Feed.points(120, TODAY.plusDays(10), 40));
        assertFalse(points.reached("GOLD"), "still GOLD is not reaching it again");

        MemberFacts f = facts(ada);
        assertEquals("GOLD", f.tier());
        assertEquals(120, f.pointsAvailable());
        assertEquals(5, f.pointsPending());
        assertEquals(40, f.pointsExpiringWithin(30, TODAY));
        assertEquals(0, f.pointsExpiringWithin(10, TODAY), "the 10th day from today is not within 10 days");

        apply(ada, new LoyaltyEvent.PointsRedeemed(100, "reward", "R1", new LoyaltyEvent.PointsBalance(20, 0, 0,
                List.of())));
        assertEquals(20, facts(ada).pointsAvailable());
        assertEquals(0, facts(ada).pointsExpiringWithin(30, TODAY));
    }

    @Test
    void aPurchaseCountsOnItsDayInTheMembersZoneAndWindowsEndToday() {
        apply(ada, new LoyaltyEvent.MemberJoined(member("Asia/Tokyo", "SILVER", true, false, null)));
        // 16:00 UTC on 6 December is 01:00 on 7 December in Tokyo: today's visit, not yesterday's.
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2026-12-06T16:00:00Z"), 2_000, List.of("shoes"), false));
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2026-12-07T02:00:00Z"), 500, List.of("socks", "shoes"), false));
        // 30 days before today in Tokyo: outside 30 days, inside 90.
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2026-11-07T03:00:00Z"), 1_000, List.of(), false));
        // 400 days ago: in no window, still a purchase.
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2025-11-02T03:00:00Z"), 700, List.of("hats"), true));

        MemberFacts f = facts(ada);
        assertEquals(new Windows(TODAY, 1, 2, 2, 2_500, 3_500, 3_500), f.windows(), "two purchases of one day are one visit");
        assertEquals(4, f.purchases(), "imported history counts");
        assertEquals(4_200, f.spendMinor());
        assertEquals(Instant.parse("2025-11-02T03:00:00Z"), f.firstPurchaseAt());
        assertEquals(Instant.parse("2026-12-07T02:00:00Z"), f.lastPurchaseAt());
        assertEquals(List.of("hats", "shoes", "socks"), f.categories());
    }

    @Test
    void aMemberWithoutAZoneCountsInTheProgramsZone() {
        apply(ada, new LoyaltyEvent.MemberJoined(member(null, "SILVER", true, false, null)));
        // 03:00 UTC on 7 December is 22:00 on 6 December in New York.
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2026-12-07T03:00:00Z"), 900, List.of(), false));
        PurchaseFact p = batch.purchasesOf(ada).iterator().next();
        assertEquals(LocalDate.of(2026, 12, 6), p.day());
        assertEquals(new Windows(TODAY, 1, 1, 1, 900, 900, 900), facts(ada).windows());
    }

    @Test
    void windowsIncludeTheirLastDayAndExcludeTheDayBeforeTheirFirst() {
        List<PurchaseFact> purchases = List.of(onDay(TODAY.minusDays(29), 1), onDay(TODAY.minusDays(30), 10),
                onDay(TODAY.minusDays(89), 100), onDay(TODAY.minusDays(90), 1_000), onDay(TODAY.minusDays(364), 10_000),
                onDay(TODAY.minusDays(365), 100_000), onDay(TODAY.plusDays(1), 1_000_000));
        assertEquals(new Windows(TODAY, 1, 3, 5, 1, 111, 11_111), Windows.of(purchases, TODAY));
        assertEquals(new Windows(TODAY.plusDays(1), 1, 3, 5, 1_000_000, 1_000_011, 1_001_111),
                Windows.of(purchases, TODAY.plusDays(1)), "a day later the 30th and 90th and 365th days before leave");
    }

    @Test
    void aRefundTakesSpendBackFromThePurchasesDayAndKeepsTheVisit() {
        apply(ada, new LoyaltyEvent.MemberJoined(member("UTC", "SILVER", true, false, null)));
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        apply(ada, purchase(old, Instant.parse("2026-10-01T10:00:00Z"), 5_000, List.of(), false));
        apply(ada, purchase(recent, Instant.parse("2026-12-05T10:00:00Z"), 3_000, List.of(), false));
        Applied refunded = apply(ada, refund(old, 2_000));

        assertInstanceOf(LoyaltyEvent.RefundRecorded.class, refunded.event());
        assertEquals(new Windows(TODAY, 1, 2, 2, 3_000, 6_000, 6_000), facts(ada).windows(),
                "the refund left the 30 days alone: its purchase was in October");
        assertEquals(6_000, facts(ada).spendMinor());
        assertEquals(2_000, batch.purchase(old).orElseThrow().refundedMinor());
        assertEquals(2, facts(ada).purchases(), "a refund takes no purchase away");

        Applied unknown = apply(ada, refund(UUID.randomUUID(), 100));
        assertEquals(unknown.before(), unknown.after(), "a refund of a purchase never seen changes nothing");
    }

    @Test
    void theFirstPurchaseIsDetectedOnceAndAReferredFriendsOneToo() {
        UUID friend = UUID.randomUUID();
        apply(friend, new LoyaltyEvent.MemberJoined(member(null, "SILVER", true, false, ada)));
        apply(ada, new LoyaltyEvent.MemberJoined(member(null, "SILVER", true, false, null)));

        Applied first = apply(friend, purchase(UUID.randomUUID(), NOW.minusSeconds(60), 100, List.of(), false));
        Applied second = apply(friend, purchase(UUID.randomUUID(), NOW.minusSeconds(30), 100, List.of(), false));
        Applied adasFirst = apply(ada, purchase(UUID.randomUUID(), NOW.minusSeconds(30), 20_000, List.of(), false));

        assertTrue(first.firstPurchase());
        assertTrue(first.referredFriendsFirstPurchase());
        assertFalse(second.firstPurchase());
        assertTrue(adasFirst.firstPurchase());
        assertFalse(adasFirst.referredFriendsFirstPurchase(), "nobody brought Ada");
        assertTrue(adasFirst.purchaseOfAtLeast(20_000));
        assertFalse(first.purchaseOfAtLeast(20_000));
    }

    @Test
    void aPurchaseReportedTwiceCountsOnceAndCampaignRulePointsAreKept() {
        UUID sale = UUID.randomUUID();
        LoyaltyEvent.PurchaseRecorded p = purchase(sale, NOW.minusSeconds(60), 1_000, List.of(), false,
                new LoyaltyEvent.RulePoints("double-tuesday", "C7", 50), new LoyaltyEvent.RulePoints("base", null, 10));
        apply(ada, p);
        apply(ada, p);
        assertEquals(1, facts(ada).purchases());
        assertEquals(List.of(new RulePointsFact(sale, "double-tuesday", "C7", ada, 50, NOW.minusSeconds(60))),
                batch.plan().rulePoints(), "only a campaign's rule is its cost");
    }

    @Test
    void aMergeMovesTheDuplicatesPurchasesToTheSurvivor() {
        UUID duplicate = UUID.randomUUID();
        apply(ada, new LoyaltyEvent.MemberJoined(member("UTC", "SILVER", true, false, null)));
        apply(duplicate, new LoyaltyEvent.MemberJoined(member("UTC", "GOLD", false, true, null)));
        UUID dupSale = UUID.randomUUID();
        apply(ada, purchase(UUID.randomUUID(), Instant.parse("2026-12-01T10:00:00Z"), 1_000, List.of("tea"), false));
        apply(duplicate, purchase(dupSale, Instant.parse("2026-12-01T15:00:00Z"), 4_000, List.of("cups"), false));
        apply(duplicate, purchase(UUID.randomUUID(), Instant.parse("2026-06-01T10:00:00Z"), 500, List.of(), false));

        Applied merged = apply(ada, new LoyaltyEvent.MemberMerged(duplicate, 300, member("UTC", "GOLD", true, true, null)));

        MemberFacts survivor = merged.after();
        assertEquals(ada, merged.memberId());
        assertEquals(3, survivor.purchases());
        assertEquals(5_500, survivor.spendMinor());
        assertEquals(new Windows(TODAY, 1, 1, 2, 5_000, 5_000, 5_500), survivor.windows(),
                "both bought on 1 December: one visit");
        assertEquals(List.of("cups", "tea"), survivor.categories());
        assertEquals(Instant.parse("2026-06-01T10:00:00Z"), survivor.firstPurchaseAt());
        assertEquals(300, survivor.pointsAvailable());
        assertEquals("GOLD", survivor.tier());
        MemberFacts gone = facts(duplicate);
        assertEquals(MemberFacts.Status.MERGED, gone.status());
        assertEquals(ada, gone.mergedInto());
        assertEquals(0, gone.purchases());
        assertEquals(0, gone.windows().visits365());

        apply(duplicate, refund(dupSale, 1_000));
        assertEquals(4_500, facts(ada).spendMinor(), "a refund of the duplicate's sale is the survivor's now");
        assertTrue(batch.plan().steps().contains(new FactsBatch.Step.MoveRows(duplicate, ada)));
        assertTrue(batch.plan().purchases().stream().allMatch(p -> p.memberId().equals(ada)),
                "purchases this page added are written as the survivor's");
    }

    @Test
    void aPurchaseReportedForAMergedAwayMemberCountsForTheSurvivor() {
        UUID duplicate = UUID.randomUUID();
        apply(ada, new LoyaltyEvent.MemberJoined(member("UTC", "SILVER", true, false, null)));
        apply(duplicate, new LoyaltyEvent.MemberJoined(member("UTC", "GOLD", false, true, null)));
        apply(ada, new LoyaltyEvent.MemberMerged(duplicate, 0, member("UTC", "GOLD", true, true, null)));

        Applied late = apply(duplicate, purchase(UUID.randomUUID(), NOW.minusSeconds(60), 800, List.of(), false));

        assertEquals(ada, late.memberId());
        assertTrue(late.firstPurchase(), "Ada's first purchase, made with the duplicate's card");
        assertEquals(1, facts(ada).purchases());
        assertEquals(0, facts(duplicate).purchases());
    }

    @Test
    void anErasureForgetsTheMember() {
        apply(ada, new LoyaltyEvent.MemberJoined(member("UTC", "SILVER", true, false, null)));
        apply(ada, purchase(UUID.randomUUID(), NOW.minusSeconds(60), 1_000, List.of(), false,
                new LoyaltyEvent.RulePoints("double", "C1", 5)));

        Applied erased = apply(ada, new LoyaltyEvent.MemberErased());

        assertNull(erased.after());
        assertTrue(batch.member(ada).isEmpty());
        FactsBatch.Plan plan = batch.plan();
        assertEquals(List.of(new FactsBatch.Step.Forget(ada)), plan.steps());
        assertTrue(plan.members().isEmpty() && plan.purchases().isEmpty() && plan.rulePoints().isEmpty(),
                "nothing of hers is written");
    }

    @Test
    void kindsThatAreNotFactsAndUnreadableEntriesAreIgnored() {
        apply(ada, new LoyaltyEvent.MemberJoined(member("UTC", "SILVER", true, false, null)));
        MemberFacts before = facts(ada);
        apply(ada, new LoyaltyEvent.VoucherIssued(UUID.randomUUID(), "T", "why", "i", null, NOW));
        apply(ada, new LoyaltyEvent.Unrecognised("member.levitated", Map.of("height", 3)));
        Applied broken = batch.apply(new FeedEvent(Feed.position(++id), id, "purchase.recorded", ada.toString(),
                Map.of("totalMinor", "a lot"), NOW));
        Applied oldShape = batch.apply(new FeedEvent(Feed.position(++id), id, "purchase.recorded", ada.toString(),
                Map.of("total", 100), NOW));

        assertEquals(before, facts(ada));
        assertInstanceOf(LoyaltyEvent.Unrecognised.class, broken.event(), "passed on as not understood");
        assertEquals(before, oldShape.after());
        assertEquals(1, batch.plan().members().size());
    }

    private PurchaseFact onDay(LocalDate day, long minor) {
        return new PurchaseFact(UUID.randomUUID(), ada, day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), day, "S1",
                "POS", minor, minor, 0, 0, List.of(), false);
    }
}
