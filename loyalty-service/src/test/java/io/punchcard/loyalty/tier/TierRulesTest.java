package io.punchcard.loyalty.tier;

import java.time.Instant;
import java.util.List;

import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.member.StoredCard;

class TierRulesTest {

    private static final Tier BASE = new Tier("BASE", "Member", 0, 100, 0, List.of());
    private static final Tier SILVER = new Tier("SILVER", "Silver", 50_000, 110, 0, List.of());
    private static final Tier GOLD = new Tier("GOLD", "Gold", 100_000, 125, 5, List.of());
    /** Spend over twelve months. */
    private static final TierLadder LADDER = new TierLadder(TierLadder.Basis.SPEND, 12, 30, List.of(BASE, SILVER, GOLD));
    private static final StoredCard SILVER_MEMBER = new StoredCard(java.util.UUID.randomUUID(), "Ana S.", "SILVER", 0,
            List.of(), List.of(), List.of(), List.of());

    @Test
    void whatCountsNowMustBeToppedUpBeforeTheOldestPurchaseLeavesTheWindow() {
        Instant oldest = Instant.parse("2026-03-31T15:20:00Z");

        assertEquals(Instant.parse("2027-03-31T15:20:00Z"), TierRules.neededBy(LADDER, GOLD, oldest));
    }

    @Test
    void atTheTopOrWithNothingCountingThereIsNoDeadline() {
        assertNull(TierRules.neededBy(LADDER, null, Instant.parse("2026-03-31T15:20:00Z")));
        assertNull(TierRules.neededBy(LADDER, SILVER, null));
    }

    @Test
    void theCardSaysHowMuchMoreByWhenForTheNextTier() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        Instant oldest = Instant.parse("2026-03-31T12:00:00Z");

        MemberSummary.TierProgress progress = SILVER_MEMBER.card(LADDER, 88_000, oldest, now).summary().progress();

        // "€ 120.00 more by 31 March to reach Gold"
        assertEquals("GOLD", progress.nextTier());
        assertEquals(12_000, progress.needed());
        assertEquals(Instant.parse("2027-03-31T12:00:00Z"), progress.neededBy());
    }

    @Test
    void aCachedCardIsRecomputedWhenTheOldestPurchaseLeavesTheWindow() {
        Instant oldest = Instant.parse("2026-03-31T12:00:00Z");
        Instant hourBefore = Instant.parse("2027-03-31T11:00:00Z");

        assertEquals(Instant.parse("2027-03-31T12:00:00Z"), SILVER_MEMBER.card(LADDER, 88_000, oldest, hourBefore).staleAfter());
    }
}
