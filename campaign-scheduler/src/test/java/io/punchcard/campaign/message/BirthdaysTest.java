package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BirthdaysTest {

    private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati"); // +14, the earliest clock on Earth
    private static final ZoneId PAGO_PAGO = ZoneId.of("Pacific/Pago_Pago"); // -11, among the latest
    private static final LocalDate BORN = LocalDate.of(1990, 7, 15);
    private static final LocalTime TEN = LocalTime.of(10, 0);

    @Test
    void aLeapDayBirthdayFallsOnTheTwentyEighthInCommonYears() {
        MonthDay leapDay = MonthDay.of(2, 29);
        assertEquals(LocalDate.of(2027, 2, 28), Birthdays.occurrence(leapDay, 2027));
        assertEquals(LocalDate.of(2028, 2, 29), Birthdays.occurrence(leapDay, 2028));
        assertEquals(LocalDate.of(2100, 2, 28), Birthdays.occurrence(leapDay, 2100)); // divisible by 100: common
        assertEquals(LocalDate.of(2027, 3, 1), Birthdays.occurrence(MonthDay.of(3, 1), 2027));
        assertEquals(LocalDate.of(2027, 12, 31), Birthdays.occurrence(MonthDay.of(12, 31), 2027));
    }

    @Test
    void inKiritimatiTheMessageIsDueOnTheMembersDayWhichBeginsTheDayBeforeInUtc() {
        // 2027-07-15T10:00+14:00 = 2027-07-14T20:00Z.
        assertEquals(Instant.parse("2027-07-14T20:00:00Z"), Birthdays.dueAt(BORN, 2027, KIRITIMATI, TEN));
        // At midnight: 2027-07-14T10:00Z. A server taking the date in UTC would have greeted at 2027-07-15T00:00Z,
        // 14:00 on the member's birthday, or, at 10:00 UTC on the 14th, before it began.
        assertEquals(Instant.parse("2027-07-14T10:00:00Z"), Birthdays.dueAt(BORN, 2027, KIRITIMATI, LocalTime.MIDNIGHT));
    }

    @Test
    void inPagoPagoTheMessageIsDueOnTheMembersDayWhichEndsTheDayAfterInUtc() {
        // 2027-07-15T10:00-11:00 = 21:00Z the same day.
        assertEquals(Instant.parse("2027-07-15T21:00:00Z"), Birthdays.dueAt(BORN, 2027, PAGO_PAGO, TEN));
        // 18:00-11:00 is 05:00Z on the 16th: still the 15th for the member.
        assertEquals(Instant.parse("2027-07-16T05:00:00Z"), Birthdays.dueAt(BORN, 2027, PAGO_PAGO, LocalTime.of(18, 0)));
    }

    @Test
    void aLeapDayMemberInKiritimatiIsGreetedOnTheTwentyEighth() {
        // 2027-02-28T09:00+14:00 = 2027-02-27T19:00Z.
        assertEquals(Instant.parse("2027-02-27T19:00:00Z"),
                Birthdays.dueAt(LocalDate.of(2000, 2, 29), 2027, KIRITIMATI, LocalTime.of(9, 0)));
    }

    @Test
    void aSendTimeTheClocksSkipBecomesTheMomentTheyResume() {
        // Berlin 2027-03-28: 02:00+01:00 became 03:00+02:00 (01:00Z); 02:30 that day -> 01:00Z.
        assertEquals(Instant.parse("2027-03-28T01:00:00Z"),
                Birthdays.dueAt(LocalDate.of(1985, 3, 28), 2027, ZoneId.of("Europe/Berlin"), LocalTime.of(2, 30)));
    }

    @Test
    void theServersOwnTimeZoneChangesNothing() {
        TimeZone before = TimeZone.getDefault();
        try {
            for (String serverZone : new String[] {"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(serverZone));
                assertEquals(Instant.parse("2027-07-14T20:00:00Z"), Birthdays.dueAt(BORN, 2027, KIRITIMATI, TEN), serverZone);
                assertEquals(Instant.parse("2027-07-15T21:00:00Z"), Birthdays.dueAt(BORN, 2027, PAGO_PAGO, TEN), serverZone);
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void missingFactsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Birthdays.occurrence(null, 2027));
        assertThrows(IllegalArgumentException.class, () -> Birthdays.dueAt(BORN, 2027, null, TEN));
    }
}
