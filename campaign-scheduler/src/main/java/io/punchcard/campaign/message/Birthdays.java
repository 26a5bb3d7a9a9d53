package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;

/**
 * When a member's birthday message is due: on their birthday by their own calendar and clock, wherever the
 * server runs. Mautic (#9040) took the date in UTC and greeted members east of UTC a day early; here the date
 * is never read off an instant, the instant is made from the member's date.
 */
public final class Birthdays {

    private Birthdays() {
    }

    /**
     * The birthday's date in {@code year}. A 29 February birthday is kept on 28 February in a common year: the
     * member is greeted within their own February, not in March.
     */
    public static LocalDate occurrence(MonthDay birthday, int year) {
        if (birthday == null) {
            throw new IllegalArgumentException("birthday is required");
        }
        // MonthDay.atYear documents exactly this move for 29 February; relied upon, and tested, rather than rewritten.
        return birthday.atYear(year);
    }

    /**
     * The instant the member's clock in {@code zone} shows {@code at} on their birthday in {@code year}. A time the
     * clocks skip that day becomes the moment they skip to; a time shown twice, its first showing.
     */
    public static Instant dueAt(LocalDate birthday, int year, ZoneId zone, LocalTime at) {
        if (birthday == null || zone == null || at == null) {
            throw new IllegalArgumentException("birthday, zone and at are required");
        }
        return LocalInstants.earliest(occurrence(MonthDay.from(birthday), year).atTime(at), zone);
    }
}
