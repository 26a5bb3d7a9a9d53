package io.punchcard.campaign.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

import io.punchcard.campaign.message.LocalInstants;

/**
 * When a scheduled campaign runs: its occurrences in the store's zone, read off the calendar (never by adding
 * 24 hours, which drifts an hour at each clock change). A time the clocks skip runs when they skip to it.
 */
public final class Schedules {

    private Schedules() {
    }

    /**
     * The first occurrence of {@code schedule} at or after {@code from}; empty when there is none (a one-off
     * whose time is past).
     */
    public static Optional<Instant> next(Trigger.OnSchedule schedule, ZoneId zone, Instant from) {
        LocalDate day = schedule.date();
        LocalDate fromDay = LocalDateTime.ofInstant(from, zone).toLocalDate();
        if (schedule.repeat() != Trigger.Repeat.NONE && day.isBefore(fromDay)) {
            day = firstOnOrAfter(schedule, fromDay.minusDays(1));
        }
        // At most a few candidates: the day found, and the next occurrence when its time today is already past.
        for (int i = 0; i < 3; i++) {
            Instant at = LocalInstants.earliest(day.atTime(schedule.time()), zone);
            if (!at.isBefore(from)) {
                return Optional.of(at);
            }
            if (schedule.repeat() == Trigger.Repeat.NONE) {
                return Optional.empty();
            }
            day = firstOnOrAfter(schedule, day.plusDays(1));
        }
        throw new IllegalStateException("no occurrence found after " + from);
    }

    /** The occurrence's name: its local date and time, the same on every instance. */
    public static String occurrence(Instant at, ZoneId zone) {
        return "run:" + LocalDateTime.ofInstant(at, zone);
    }

    /** The first day on or after {@code day} on which a repeating schedule runs. */
    private static LocalDate firstOnOrAfter(Trigger.OnSchedule schedule, LocalDate day) {
        LocalDate start = schedule.date();
        if (day.isBefore(start)) {
            return start;
        }
        return switch (schedule.repeat()) {
            case NONE -> start;
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.nextOrSame(start.getDayOfWeek()));
            case MONTHLY -> {
                LocalDate candidate = monthly(start, day.getYear(), day.getMonthValue());
                yield candidate.isBefore(day) ? monthly(start, day.plusMonths(1).getYear(),
                        day.plusMonths(1).getMonthValue()) : candidate;
            }
        };
    }

    /** The start's day of the month in that month, or the month's last day when it is shorter. */
    private static LocalDate monthly(LocalDate start, int year, int month) {
        LocalDate first = LocalDate.of(year, month, 1);
        return first.withDayOfMonth(Math.min(start.getDayOfMonth(), first.lengthOfMonth()));
    }
}
