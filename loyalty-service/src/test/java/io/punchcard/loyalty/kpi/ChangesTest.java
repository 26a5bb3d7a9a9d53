package io.punchcard.loyalty.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a page of events adds to the rollups: the pure part of the KPI follower. */
class ChangesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final UUID ANA = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID SALE = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    private static final Instant NEW_YEAR_IN_BERLIN = Instant.parse("2026-12-31T23:30:00Z");
    private static final Facts FACTS = new Facts(
            Map.of(ANA, new Facts.MemberFacts("S1", "POS", Instant.parse("2026-11-02T10:00:00Z"), "MEMBER")),
            Map.of(SALE, new Facts.SaleFacts("S2", "ONLINE", true)));

    private static Changes.Fed sale(UUID member, String store, long totalMinor) {
        return new Changes.Fed(member, new LoyaltyEvent.PurchaseRecorded(UUID.randomUUID(), "pos", "x", store, "POS",
                NEW_YEAR_IN_BERLIN, totalMinor, totalMinor - 100, 5, List.of(), List.of(), false), NEW_YEAR_IN_BERLIN);
    }

    @Test
    void salesCountOnTheProgramsDayAndAnonymousOnesApart() {
        Changes changes = Changes.of(List.of(sale(ANA, "S1", 1000), sale(ANA, "S1", 500), sale(null, null, 300)),
                FACTS, BERLIN);

        LocalDate newYear = LocalDate.of(2027, 1, 1);
        assertEquals(Map.of(new Changes.SalesKey("S1", newYear, "POS", true), new Changes.Sales(2, 1500, 1300, 0, 0),
                new Changes.SalesKey("", newYear, "POS", false), new Changes.Sales(1, 300, 200, 0, 0)), changes.sales());
        assertEquals(Map.of(new Changes.VisitKey(ANA, newYear, "S1"), 2, new Changes.VisitKey(ANA, newYear, "*"), 2),
                changes.visits());
    }

    @Test
    void aRefundCountsUnderItsSaleOnTheDayItIsRecorded() {
        Instant at = Instant.parse("2026-12-10T09:00:00Z");
        Changes changes = Changes.of(List.of(new Changes.Fed(ANA, new LoyaltyEvent.RefundRecorded(UUID.randomUUID(),
                SALE, "r1", 700, 7), at), new Changes.Fed(ANA, new LoyaltyEvent.PointsReversed(7, null, null), at)),
                FACTS, BERLIN);

        assertEquals(Map.of(new Changes.SalesKey("S2", LocalDate.of(2026, 12, 10), "ONLINE", true),
                new Changes.Sales(0, 0, 0, 1, 700)), changes.sales());
        assertEquals(7, changes.points().get(new Changes.StoreDay("S1", LocalDate.of(2026, 12, 10))).reversed(),
                "points count under the member's join store");
    }

    @Test
    void aMemberBecomesActiveAtTheFirstVisitAndARepeaterAtTheSecondOnce() {
        LocalDate december = LocalDate.of(2026, 12, 1);
        Activity activity = Activity.of(List.of(
                new Activity.Grown(new Changes.VisitKey(ANA, december, "*"), 0, 3),
                new Activity.Grown(new Changes.VisitKey(ANA, december, "S1"), 2, 4)), FACTS.members(), BERLIN);

        assertEquals(new Activity.Counts(1, 1, 3), activity.counts().get(new Activity.StoreMonth("*", december)));
        assertEquals(new Activity.Counts(0, 0, 2), activity.counts().get(new Activity.StoreMonth("S1", december)),
                "already a repeater: only the visits grow");
        LocalDate november = LocalDate.of(2026, 11, 1);
        assertEquals(Map.of(new Activity.CohortKey("S1", november, december), 1L,
                new Activity.CohortKey("*", november, december), 1L), activity.cohorts());
    }

    @Test
    void countingAMemberAgainMovesTheSumsByTheDifference() {
        LocalDate march = LocalDate.of(2027, 3, 1);
        LocalDate april = LocalDate.of(2027, 4, 1);
        MemberState before = new MemberState("S1", "MEMBER", Map.of(march, 100L, april, 50L));
        MemberState now = new MemberState("S1", "SILVER", Map.of(april, 80L));
        UUID erased = UUID.randomUUID();

        MemberState.Differences differences = MemberState.Differences.between(Set.of(ANA, erased),
                Map.of(ANA, before, erased, new MemberState("S2", "GOLD", Map.of())),
                Map.of(ANA, now, erased, new MemberState("S2", null, Map.of())));

        assertEquals(Map.of(new MemberState.StoreTier("S1", "MEMBER"), -1L, new MemberState.StoreTier("S1", "SILVER"), 1L,
                new MemberState.StoreTier("S2", "GOLD"), -1L), differences.tiers());
        assertEquals(Map.of(new MemberState.StoreMonth("S1", march), -100L, new MemberState.StoreMonth("S1", april), 30L),
                differences.expiring());
    }
}
