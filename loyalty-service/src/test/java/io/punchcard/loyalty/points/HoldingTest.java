package io.punchcard.loyalty.points;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of a run of adjustments decided in memory: each on what the ones before it left. */
class HoldingTest {

    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final Instant YEAR = NOW.plus(Duration.ofDays(365));

    @Test
    void pointsTakenComeOutOfTheSoonestExpiringLotsAndWhatTheyDoNotCoverBecomesADebt() {
        Holding holding = new Holding(List.of(new Lots.Lot(1, 100, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(200))),
                new Lots.Lot(2, 50, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(10)))), 0);

        Holding.Change change = holding.adjust(-180, 0, NOW, YEAR);

        assertEquals(new Holding.Change(-180, 0, 0, -30), change);
        assertEquals(Map.of(2L, 50L, 1L, 100L), holding.takenFromStored());
        assertEquals(30, holding.debt());
        assertTrue(holding.debtChanged());
    }

    @Test
    void pointsAddedPayADebtFirstAndALaterTakeDrawsOnTheLotTheyMade() {
        Holding holding = new Holding(List.of(), 30);

        Holding.Change up = holding.adjust(100, 77, NOW, YEAR);
        Holding.Change down = holding.adjust(-50, 0, NOW, YEAR);

        assertEquals(new Holding.Change(100, 30, 77, 70), up);
        assertEquals(new Holding.Change(-50, 0, 0, 20), down);
        assertEquals(List.of(new Holding.MadeLot(new Lots.Lot(77, 20, NOW, YEAR), 100)), holding.madeLots());
        assertEquals(Map.of(), holding.takenFromStored(), "nothing taken from a stored lot");
        assertEquals(0, holding.debt());
    }

    @Test
    void pendingPointsAreNotSpentByAnAdjustmentDown() {
        Holding holding = new Holding(List.of(new Lots.Lot(1, 100, NOW.plus(Duration.ofDays(14)), YEAR)), 0);

        Holding.Change change = holding.adjust(-10, 0, NOW, YEAR);

        assertEquals(-10, change.available());
        assertEquals(Map.of(), holding.takenFromStored());
        assertEquals(10, holding.debt());
    }

    @Test
    void anAdjustmentSentAgainIsTheSameOneEvenWhenItsLedgerReasonSaysItPaidADebt() {
        AdjustmentRequest request = new AdjustmentRequest(UUID.randomUUID(), "a-1", 50, "goodwill", "ana", "spring");

        assertTrue(request.sameAs(50, "goodwill", "ana", "spring"));
        assertTrue(request.sameAs(50, "goodwill; 20 paid a debt", "ana", "spring"));
        assertFalse(request.sameAs(50, "goodwill; and more", "ana", "spring"));
        assertFalse(request.sameAs(51, "goodwill", "ana", "spring"));
        assertFalse(request.sameAs(50, "goodwill", "bob", "spring"));
        assertFalse(request.sameAs(50, "goodwill", "ana", null));
    }
}
