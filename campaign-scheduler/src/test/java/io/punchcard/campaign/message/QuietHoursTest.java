package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuietHoursTest {

    private static final QuietHours NIGHT = quiet("21:00", "09:00");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowAcrossMidnightHoldsItsStartAndNotItsEnd() {
        assertFalse(NIGHT.contains(LocalTime.of(20, 59)));
        assertTrue(NIGHT.contains(LocalTime.of(21, 0)));
        assertTrue(NIGHT.contains(LocalTime.of(23, 59)));
        assertTrue(NIGHT.contains(LocalTime.MIDNIGHT));
        assertTrue(NIGHT.contains(LocalTime.of(8, 59, 59)));
        assertFalse(NIGHT.contains(LocalTime.of(9, 0)));
        assertFalse(NIGHT.contains(LocalTime.NOON));
    }

    @Test
    void aWindowWithinOneDayHoldsOnlyItsOwnHours() {
        QuietHours lunch = quiet("12:00", "14:00");
        assertFalse(lunch.contains(LocalTime.of(11, 59)));
        assertTrue(lunch.contains(LocalTime.NOON));
        assertTrue(lunch.contains(LocalTime.of(13, 59, 59)));
        assertFalse(lunch.contains(LocalTime.of(14, 0)));
        assertFalse(lunch.contains(LocalTime.of(23, 0)));
    }

    @Test
    void aWindowEndingAtMidnightEndsThere() {
        QuietHours evening = quiet("21:00", "00:00");
        assertTrue(evening.contains(LocalTime.of(23, 59)));
        assertFalse(evening.contains(LocalTime.MIDNIGHT));
        // 2027-06-15 22:00 Berlin (+02:00) = 20:00Z -> midnight of the 16th, 2027-06-15T22:00Z.
        assertEquals(Instant.parse("2027-06-15T22:00:00Z"),
                evening.nextAllowed(Instant.parse("2027-06-15T20:00:00Z"), BERLIN));
    }

    @Test
    void equalStartAndEndMeanNoQuietHours() {
        QuietHours none = quiet("09:00", "09:00");
        assertFalse(none.contains(LocalTime.of(9, 0)));
        assertFalse(none.contains(LocalTime.of(3, 0)));
        assertFalse(QuietHours.none().contains(LocalTime.MIDNIGHT));
        Instant now = Instant.parse("2027-06-15T01:00:00Z");
        assertEquals(now, QuietHours.none().nextAllowed(now, BERLIN));
    }

    @Test
    void outsideTheWindowTheMessageMayGoNow() {
        Instant noon = Instant.parse("2027-06-15T10:00:00Z"); // 12:00 in Berlin
        assertEquals(noon, NIGHT.nextAllowed(noon, BERLIN));
        Instant nine = Instant.parse("2027-06-15T07:00:00Z"); // 09:00 exactly: the window is over
        assertEquals(nine, NIGHT.nextAllowed(nine, BERLIN));
    }

    @Test
    void beforeMidnightTheWindowEndsTomorrowMorning() {
        // 2027-03-28 Europe/Berlin: quiet 21:00-09:00, now 2027-03-27T23:30+01:00 (22:30Z). The clocks go forward
        // overnight, so 09:00 on the 28th is +02:00: 2027-03-28T07:00Z.
        assertEquals(Instant.parse("2027-03-28T07:00:00Z"),
                NIGHT.nextAllowed(Instant.parse("2027-03-27T22:30:00Z"), BERLIN));
    }

    @Test
    void afterMidnightTheWindowEndsThisMorning() {
        // 2027-06-16T02:00+02:00 (00:00Z) -> 2027-06-16T09:00+02:00 = 07:00Z, not the 17th.
        assertEquals(Instant.parse("2027-06-16T07:00:00Z"),
                NIGHT.nextAllowed(Instant.parse("2027-06-16T00:00:00Z"), BERLIN));
    }

    @Test
    void anEndTheClocksSkipBecomesTheEndOfTheGap() {
        // Berlin 2027-03-28: 02:00+01:00 becomes 03:00+02:00 (01:00Z). Quiet until 02:30, now 01:00+01:00 (00:00Z):
        // 02:30 never happens; the first moment after the gap is 01:00Z (atZone's shift would say 03:30, 01:30Z).
        assertEquals(Instant.parse("2027-03-28T01:00:00Z"),
                quiet("21:00", "02:30").nextAllowed(Instant.parse("2027-03-28T00:00:00Z"), BERLIN));
    }

    @Test
    void anEndTheClocksShowTwiceIsItsFirstShowingUnlessThatIsPast() {
        QuietHours untilHalfPastTwo = quiet("21:00", "02:30");
        // Berlin 2027-10-31: 03:00+02:00 becomes 02:00+01:00 (01:00Z), so 02:30 is 00:30Z and again 01:30Z.
        // Now 01:00+02:00 (2027-10-30T23:00Z): the first 02:30, 00:30Z.
        assertEquals(Instant.parse("2027-10-31T00:30:00Z"),
                untilHalfPastTwo.nextAllowed(Instant.parse("2027-10-30T23:00:00Z"), BERLIN));
        // Now 02:10+01:00 (01:10Z), after the repeat began: quiet again by the member's clock; the second 02:30, 01:30Z.
        assertEquals(Instant.parse("2027-10-31T01:30:00Z"),
                untilHalfPastTwo.nextAllowed(Instant.parse("2027-10-31T01:10:00Z"), BERLIN));
    }

    @Test
    void halfHourZonesEndTheWindowOnTheirOwnClock() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // +05:30, no DST
        // 2027-06-01T16:00Z is 21:30 IST -> 2027-06-02T09:00+05:30 = 03:30Z.
        assertEquals(Instant.parse("2027-06-02T03:30:00Z"), NIGHT.nextAllowed(Instant.parse("2027-06-01T16:00:00Z"), kolkata));
        // 15:29Z is 20:59 IST: not yet quiet.
        Instant beforeNine = Instant.parse("2027-06-01T15:29:00Z");
        assertEquals(beforeNine, NIGHT.nextAllowed(beforeNine, kolkata));
    }

    @Test
    void chathamEndsTheWindowOnItsQuarterHourOffsetAndGap() {
        ZoneId chatham = ZoneId.of("Pacific/Chatham");
        // Winter, +12:45: now 2027-06-01T22:00+12:45 (09:15Z) -> 2027-06-02T09:00+12:45 = 2027-06-01T20:15Z.
        assertEquals(Instant.parse("2027-06-01T20:15:00Z"), NIGHT.nextAllowed(Instant.parse("2027-06-01T09:15:00Z"), chatham));
        // 2027-09-26: 02:45+12:45 becomes 03:45+13:45 (2027-09-25T14:00Z). Quiet until 03:00, now 01:00+12:45
        // (2027-09-25T12:15Z): 03:00 is skipped, so the end of the gap, 14:00Z.
        assertEquals(Instant.parse("2027-09-25T14:00:00Z"),
                quiet("21:00", "03:00").nextAllowed(Instant.parse("2027-09-25T12:15:00Z"), chatham));
    }

    @Test
    void lordHoweHalfHourDaylightSavingGapAndOverlap() {
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        // 2027-10-03: 02:00+10:30 becomes 02:30+11:00 (2027-10-02T15:30Z). Quiet until 02:15, now 01:00+10:30
        // (2027-10-02T14:30Z): 02:15 is skipped -> 15:30Z.
        assertEquals(Instant.parse("2027-10-02T15:30:00Z"),
                quiet("22:00", "02:15").nextAllowed(Instant.parse("2027-10-02T14:30:00Z"), lordHowe));
        // 2027-04-04: 02:00+11:00 becomes 01:30+10:30, so 01:45 is shown at +11:00 (14:45Z) and +10:30 (15:15Z).
        QuietHours untilQuarterToTwo = quiet("22:00", "01:45");
        // Now 01:00+11:00 (2027-04-03T14:00Z) -> the first 01:45.
        assertEquals(Instant.parse("2027-04-03T14:45:00Z"),
                untilQuarterToTwo.nextAllowed(Instant.parse("2027-04-03T14:00:00Z"), lordHowe));
        // Now 01:35+10:30 (15:05Z), in the repeated half hour -> the second 01:45.
        assertEquals(Instant.parse("2027-04-03T15:15:00Z"),
                untilQuarterToTwo.nextAllowed(Instant.parse("2027-04-03T15:05:00Z"), lordHowe));
    }

    @Test
    void anEndOnADayTheCalendarSkippedMovesToTheNextEndNotIntoTheNight() {
        // Samoa skipped 2011-12-30: 2011-12-29T24:00-10:00 (2011-12-30T10:00Z) became 2011-12-31T00:00+14:00.
        // Now 2011-12-29T22:00-10:00 (2011-12-30T08:00Z): 09:00 on the 30th never happens; the gap ends at midnight,
        // which is quiet, so 2011-12-31T09:00+14:00 = 2011-12-30T19:00Z.
        assertEquals(Instant.parse("2011-12-30T19:00:00Z"),
                NIGHT.nextAllowed(Instant.parse("2011-12-30T08:00:00Z"), ZoneId.of("Pacific/Apia")));
    }

    @Test
    void overAYearInEveryKindOfZoneTheAnswerIsNeverEarlierAndNeverQuiet() {
        List<QuietHours> windows = List.of(NIGHT, quiet("21:00", "02:30"), quiet("01:45", "02:15"), quiet("12:00", "14:00"));
        for (String zoneName : List.of("Europe/Berlin", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe",
                "America/Sao_Paulo", "Asia/Beirut", "America/New_York")) {
            ZoneId zone = ZoneId.of(zoneName);
            for (QuietHours window : windows) {
                for (Instant now = Instant.parse("2027-01-01T00:00:00Z"); now.isBefore(Instant.parse("2028-01-01T00:00:00Z"));
                     now = now.plus(35, ChronoUnit.MINUTES)) {
                    Instant allowed = window.nextAllowed(now, zone);
                    String at = zoneName + " " + window + " at " + now;
                    assertFalse(allowed.isBefore(now), at);
                    assertFalse(window.contains(allowed.atZone(zone).toLocalTime()), at);
                    // Moved only when quiet, and by less than a day.
                    assertEquals(window.contains(now.atZone(zone).toLocalTime()), allowed.isAfter(now), at);
                    assertTrue(allowed.isBefore(now.plus(1, ChronoUnit.DAYS)), at);
                }
            }
        }
    }

    @Test
    void startAndEndAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new QuietHours(null, LocalTime.NOON));
        assertEquals(List.of(new SettingsProblem("quietHours.start", "is required (equal to end for no quiet hours)"),
                        new SettingsProblem("quietHours.end", "is required (equal to start for no quiet hours)")),
                QuietHours.check(null, null));
    }

    private static QuietHours quiet(String start, String end) {
        return new QuietHours(LocalTime.parse(start), LocalTime.parse(end));
    }
}
