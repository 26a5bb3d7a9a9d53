package io.punchcard.loyalty.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a member is told is about to expire: what they could still spend, from lots that go within the notice. */
class LotsExpiringTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration MONTH = Duration.ofDays(30);

    static Lots.Lot lot(long id, long remaining, String availableAt, String expiresAt) {
        return new Lots.Lot(id, remaining, Instant.parse(availableAt), Instant.parse(expiresAt));
    }

    @Test
    void countsSpendableLotsExpiringWithinTheNoticeAndTellsTheFirstDate() {
        List<Lots.Lot> lots = List.of(
                lot(1, 100, "2025-12-20T00:00:00Z", "2026-12-20T00:00:00Z"),
                lot(2, 40, "2025-12-10T00:00:00Z", "2026-12-10T00:00:00Z"),
                // Exactly at the end of the notice: told.
                lot(3, 5, "2026-01-05T12:00:00Z", "2027-01-05T12:00:00Z"),
                // A second later: not yet.
                lot(4, 7, "2026-01-05T12:00:01Z", "2027-01-05T12:00:01Z"),
                // Pending (not spendable yet): its points cannot be lost before they can be spent.
                lot(5, 50, "2026-12-20T00:00:00Z", "2026-12-30T00:00:00Z"));
        Lots.Expiring expiring = Lots.expiring(lots, 0, NOW, MONTH);
        assertEquals(145, expiring.points());
        assertEquals(Instant.parse("2026-12-10T00:00:00Z"), expiring.firstAt());
    }

    @Test
    void aDebtIsPaidFromThePointsFirstSoNoMoreThanTheBalanceCanBeLost() {
        List<Lots.Lot> lots = List.of(lot(1, 100, "2025-12-20T00:00:00Z", "2026-12-20T00:00:00Z"));
        assertEquals(30, Lots.expiring(lots, 70, NOW, MONTH).points());
        Lots.Expiring none = Lots.expiring(lots, 100, NOW, MONTH);
        assertEquals(0, none.points());
        assertNull(none.firstAt());
    }

    @Test
    void nothingExpiringSaysSo() {
        List<Lots.Lot> lots = List.of(lot(1, 100, "2026-11-20T00:00:00Z", "2027-11-20T00:00:00Z"));
        Lots.Expiring expiring = Lots.expiring(lots, 0, NOW, MONTH);
        assertEquals(0, expiring.points());
        assertNull(expiring.firstAt());
    }
}
