package io.punchcard.campaign.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Trigger.OnSchedule schedule(String date, String time, Trigger.Repeat repeat) {
        return new Trigger.OnSchedule(LocalDate.parse(date), LocalTime.parse(time), repeat, null);
    }

    @Test
    void aOneOffRunsAtItsLocalTimeAndNeverOnceItIsPast() {
        Trigger.OnSchedule once = schedule("2027-03-10", "09:00", Trigger.Repeat.NONE);
        assertEquals(Optional.of(Instant.parse("2027-03-10T08:00:00Z")),
                Schedules.next(once, BERLIN, Instant.parse("2027-03-01T00:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2027-03-10T08:00:00Z")),
                Schedules.next(once, BERLIN, Instant.parse("2027-03-10T08:00:00Z")), "at its instant it is due");
        assertEquals(Optional.empty(), Schedules.next(once, BERLIN, Instant.parse("2027-03-10T08:00:01Z")));
    }

    @Test
    void aDailyRunKeepsItsWallClockTimeAcrossTheClockChange() {
        Trigger.OnSchedule daily = schedule("2027-03-20", "09:00", Trigger.Repeat.DAILY);
        // Berlin moves to summer time on 28 March 2027: 09:00 is 08:00Z before, 07:00Z after.
        assertEquals(Instant.parse("2027-03-27T08:00:00Z"),
                Schedules.next(daily, BERLIN, Instant.parse("2027-03-27T07:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2027-03-28T07:00:00Z"),
                Schedules.next(daily, BERLIN, Instant.parse("2027-03-27T08:00:01Z")).orElseThrow());
    }

    @Test
    void aTimeTheClocksSkipRunsWhenTheySkipToIt() {
        Trigger.OnSchedule daily = schedule("2027-03-27", "02:30", Trigger.Repeat.DAILY);
        assertEquals(Instant.parse("2027-03-28T01:00:00Z"),
                Schedules.next(daily, BERLIN, Instant.parse("2027-03-27T02:00:00Z")).orElseThrow());
    }

    @Test
    void weeklyRunsOnTheFirstDatesWeekdayAndNotBeforeTheFirstDate() {
        Trigger.OnSchedule weekly = schedule("2027-01-08", "18:00", Trigger.Repeat.WEEKLY); // a Friday
        assertEquals(Instant.parse("2027-01-08T17:00:00Z"),
                Schedules.next(weekly, BERLIN, Instant.parse("2026-12-01T00:00:00Z")).orElseThrow());
        Instant next = Schedules.next(weekly, BERLIN, Instant.parse("2027-02-02T00:00:00Z")).orElseThrow();
        assertEquals(Instant.parse("2027-02-05T17:00:00Z"), next);
    }

    @Test
    void monthlyOnThe31stRunsOnTheLastDayOfShorterMonths() {
        Trigger.OnSchedule monthly = schedule("2027-01-31", "10:00", Trigger.Repeat.MONTHLY);
        assertEquals(Instant.parse("2027-02-28T09:00:00Z"),
                Schedules.next(monthly, BERLIN, Instant.parse("2027-02-01T00:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2027-03-31T08:00:00Z"),
                Schedules.next(monthly, BERLIN, Instant.parse("2027-02-28T09:00:01Z")).orElseThrow());
    }

    @Test
    void everyRunOfAYearIsFoundOnceInOrder() {
        Trigger.OnSchedule daily = schedule("2027-01-01", "09:00", Trigger.Repeat.DAILY);
        Instant at = Instant.parse("2026-12-31T00:00:00Z");
        int runs = 0;
        Instant previous = Instant.MIN;
        while (true) {
            Instant next = Schedules.next(daily, BERLIN, at).orElseThrow();
            if (next.isAfter(Instant.parse("2028-01-01T00:00:00Z"))) {
                break;
            }
            assertTrue(next.isAfter(previous));
            previous = next;
            runs++;
            at = next.plusSeconds(1);
        }
        assertEquals(365, runs);
    }

    @Test
    void anOccurrenceIsNamedByItsLocalDateAndTime() {
        assertEquals("run:2027-03-28T09:00", Schedules.occurrence(Instant.parse("2027-03-28T07:00:00Z"), BERLIN));
    }
}
