package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrequencyCapTest {

    @Test
    void theCapIsReachedAtItsMaximumNotBefore() {
        FrequencyCap three = new FrequencyCap(3, 7);
        assertFalse(three.reached(0));
        assertFalse(three.reached(2));
        assertTrue(three.reached(3));
        assertTrue(three.reached(4));
    }

    @Test
    void zeroMeansNoCap() {
        assertFalse(new FrequencyCap(0, 7).reached(1_000_000));
    }

    @Test
    void theWindowStartsAtTheMembersMidnightDaysMinusOneAgoAcrossAClockChange() {
        // Berlin, 7 days, now 2027-03-30T10:00+02:00 (08:00Z): the window is the 24th to the 30th; the 24th began
        // at 00:00+01:00, before the clocks went forward on the 28th: 2027-03-23T23:00Z.
        assertEquals(Instant.parse("2027-03-23T23:00:00Z"),
                new FrequencyCap(3, 7).windowStart(Instant.parse("2027-03-30T08:00:00Z"), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void oneDayIsTheMembersToday() {
        // Kiritimati is +14: 2027-06-01T11:00Z is 01:00 on 2 June there, so today began 2027-06-02T00:00+14:00,
        // 2027-06-01T10:00Z. UTC's day would have begun 10 hours later.
        assertEquals(Instant.parse("2027-06-01T10:00:00Z"),
                new FrequencyCap(1, 1).windowStart(Instant.parse("2027-06-01T11:00:00Z"), ZoneId.of("Pacific/Kiritimati")));
        // Pago Pago is -11: 2027-06-02T05:00Z is 18:00 on 1 June there; today began 2027-06-01T00:00-11:00 = 11:00Z.
        assertEquals(Instant.parse("2027-06-01T11:00:00Z"),
                new FrequencyCap(1, 1).windowStart(Instant.parse("2027-06-02T05:00:00Z"), ZoneId.of("Pacific/Pago_Pago")));
    }

    @Test
    void aDayWhoseMidnightWasSkippedStartsWhenTheClocksResumed() {
        // Sao Paulo 2018-11-04: 00:00-03:00 became 01:00-02:00 (03:00Z). 7 days from 2018-11-10T12:00-02:00 (14:00Z)
        // begin on the 4th, at 01:00-02:00 = 2018-11-04T03:00Z.
        assertEquals(Instant.parse("2018-11-04T03:00:00Z"),
                new FrequencyCap(3, 7).windowStart(Instant.parse("2018-11-10T14:00:00Z"), ZoneId.of("America/Sao_Paulo")));
        // Beirut 2027-03-28: 00:00+02:00 became 01:00+03:00 (2027-03-27T22:00Z). One day from 10:00+03:00 (07:00Z).
        assertEquals(Instant.parse("2027-03-27T22:00:00Z"),
                new FrequencyCap(1, 1).windowStart(Instant.parse("2027-03-28T07:00:00Z"), ZoneId.of("Asia/Beirut")));
    }

    @Test
    void aWindowOf366DaysCountsTodayAsItsLastDay() {
        // From 2028-03-01 in UTC, 365 days back is 2027-03-02 (29 February 2028 lies between): 2027-03-02 to
        // 2028-03-01 are 366 days, today included.
        assertEquals(Instant.parse("2027-03-02T00:00:00Z"),
                new FrequencyCap(3, 366).windowStart(Instant.parse("2028-03-01T12:00:00Z"), ZoneId.of("UTC")));
    }

    @Test
    void valuesOutsideTheLimitsAreNamedAndRefused() {
        assertEquals(List.of(), FrequencyCap.check(0, 1));
        assertEquals(List.of(), FrequencyCap.check(1000, 366));
        assertEquals(List.of("frequencyCap.maxMessages", "frequencyCap.days"),
                FrequencyCap.check(-1, 0).stream().map(SettingsProblem::field).toList());
        assertEquals(List.of("frequencyCap.maxMessages", "frequencyCap.days"),
                FrequencyCap.check(1001, 367).stream().map(SettingsProblem::field).toList());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new FrequencyCap(3, 0));
        assertTrue(refused.getMessage().contains("frequencyCap.days"), refused.getMessage());
    }
}
