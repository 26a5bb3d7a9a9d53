package io.punchcard.loyalty.points;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.punchcard.api.event.LoyaltyEvent;

/** The expiry schedule the events feed carries with every balance: open lots' points by the day they expire. */
class LotsExpiryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Lots.Lot lot(long id, long remaining, String availableAt, String expiresAt) {
        return LotsExpiringTest.lot(id, remaining, availableAt, expiresAt);
    }

    @Test
    void sumsOpenLotsByTheirExpiryDayInTheProgramsZoneSoonestFirst() {
        List<Lots.Lot> lots = List.of(
                lot(1, 100, "2025-12-20T00:00:00Z", "2026-12-20T10:00:00Z"),
                // 23:30 UTC is the next day in Berlin.
                lot(2, 40, "2025-12-10T00:00:00Z", "2026-12-19T23:30:00Z"),
                lot(3, 5, "2025-12-10T00:00:00Z", "2026-12-10T08:00:00Z"),
                // Pending points expire too, and are listed.
                lot(4, 50, "2026-12-20T00:00:00Z", "2027-12-20T00:00:00Z"),
                // Spent out, and already expired: not listed.
                lot(5, 0, "2025-12-10T00:00:00Z", "2026-12-11T00:00:00Z"),
                lot(6, 9, "2025-12-01T00:00:00Z", "2026-12-06T12:00:00Z"));
        assertEquals(List.of(
                        new LoyaltyEvent.Expiring(LocalDate.parse("2026-12-10"), 5),
                        new LoyaltyEvent.Expiring(LocalDate.parse("2026-12-20"), 140),
                        new LoyaltyEvent.Expiring(LocalDate.parse("2027-12-20"), 50)),
                Lots.expirySchedule(lots, NOW, BERLIN, 92));
    }

    @Test
    void listsAtMostTheSoonestDaysAsked() {
        List<Lots.Lot> lots = new ArrayList<>();
        for (int day = 0; day < 100; day++) {
            lots.add(lot(day, 1, "2026-01-01T00:00:00Z", Instant.parse("2027-01-01T12:00:00Z").plusSeconds(86_400L * day)
                    .toString()));
        }
        List<LoyaltyEvent.Expiring> schedule = Lots.expirySchedule(lots, NOW, BERLIN,
                LoyaltyEvent.PointsBalance.EXPIRING_DAYS);
        assertEquals(92, schedule.size());
        assertEquals(LocalDate.parse("2027-01-01"), schedule.get(0).on());
        assertEquals(LocalDate.parse("2027-04-02"), schedule.get(91).on());
    }

    @Test
    void theFeedBalanceIsTheSpendableBalanceWithTheSchedule() {
        List<Lots.Lot> lots = List.of(
                lot(1, 100, "2025-12-20T00:00:00Z", "2027-01-20T10:00:00Z"),
                lot(2, 30, "2026-12-20T00:00:00Z", "2027-12-20T10:00:00Z"));
        LoyaltyEvent.PointsBalance balance = Lots.feedBalance(lots, 10, NOW, BERLIN);
        assertEquals(new LoyaltyEvent.PointsBalance(90, 30, 10, List.of(
                new LoyaltyEvent.Expiring(LocalDate.parse("2027-01-20"), 100),
                new LoyaltyEvent.Expiring(LocalDate.parse("2027-12-20"), 30))), balance);
    }
}
