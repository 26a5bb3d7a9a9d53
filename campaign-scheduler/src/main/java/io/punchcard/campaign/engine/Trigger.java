package io.punchcard.campaign.engine;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.punchcard.api.Problem;

/**
 * What makes a campaign act on a member: an event of theirs, a date on the calendar, or a daily sweep over
 * everyone's facts. Each says how its occurrences are named, so that one occurrence acts once per member.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Trigger.OnEvent.class, name = "event"),
        @JsonSubTypes.Type(value = Trigger.OnSchedule.class, name = "schedule"),
        @JsonSubTypes.Type(value = Trigger.Sweep.class, name = "sweep"),
        @JsonSubTypes.Type(value = Trigger.Earning.class, name = "earning")})
public sealed interface Trigger {

    /** Checks the trigger's own fields, reporting under {@code path}. */
    void validate(String path, List<Problem.FieldError> problems);

    /** The member events a campaign can answer. */
    enum MemberEvent {
        /** A member enrolled. */
        JOINED,
        /** A member's first purchase (of any channel). */
        FIRST_PURCHASE,
        /** Any purchase of at least {@code minSpendMinor}. */
        PURCHASE,
        /** The member reached {@code tier} (from below). */
        TIER_REACHED,
        /** A member someone referred made their first purchase: the campaign acts on both of them. */
        REFERRED_FIRST_PURCHASE
    }

    /**
     * On a member's event, as the events feed reports it. Events from before the campaign started running never
     * fire it, so neither a replay of the feed nor an edit acts on the past.
     *
     * @param event         which event
     * @param minSpendMinor for PURCHASE: the least total, in minor units
     * @param tier          for TIER_REACHED: the tier's code
     */
    record OnEvent(MemberEvent event, Long minSpendMinor, String tier) implements Trigger {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (event == null) {
                problems.add(new Problem.FieldError(path + ".event",
                        "must be one of JOINED, FIRST_PURCHASE, PURCHASE, TIER_REACHED, REFERRED_FIRST_PURCHASE"));
                return;
            }
            if (event == MemberEvent.PURCHASE && (minSpendMinor == null || minSpendMinor < 1)) {
                problems.add(new Problem.FieldError(path + ".minSpendMinor",
                        "is required for PURCHASE and must be at least 1 (minor units)"));
            } else if (event != MemberEvent.PURCHASE && minSpendMinor != null) {
                problems.add(new Problem.FieldError(path + ".minSpendMinor", "belongs to PURCHASE triggers only"));
            }
            if (event == MemberEvent.TIER_REACHED && !Codes.valid(tier)) {
                problems.add(new Problem.FieldError(path + ".tier", "is required for TIER_REACHED: a tier code"));
            } else if (event != MemberEvent.TIER_REACHED && tier != null) {
                problems.add(new Problem.FieldError(path + ".tier", "belongs to TIER_REACHED triggers only"));
            }
        }
    }

    /** How often a scheduled campaign repeats. */
    enum Repeat {
        NONE,
        DAILY,
        WEEKLY,
        MONTHLY
    }

    /**
     * On the calendar, in a store's time zone (the program's when no store is named): once on {@code date} at
     * {@code time}, or from that date on, every day, week (on that weekday) or month (on that day of the month;
     * the month's last day when it is shorter).
     *
     * @param date   the first (or only) day
     * @param time   the local time
     * @param repeat NONE, DAILY, WEEKLY or MONTHLY
     * @param store  whose zone; null for the program's
     */
    record OnSchedule(LocalDate date, LocalTime time, Repeat repeat, String store) implements Trigger {
        public OnSchedule {
            repeat = repeat == null ? Repeat.NONE : repeat;
        }

        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (date == null) {
                problems.add(new Problem.FieldError(path + ".date", "is required (yyyy-MM-dd)"));
            }
            if (time == null) {
                problems.add(new Problem.FieldError(path + ".time", "is required (HH:mm)"));
            }
            if (store != null && !Codes.valid(store)) {
                problems.add(new Problem.FieldError(path + ".store", "must be a store code"));
            }
        }

        /** The weekday a WEEKLY schedule runs on. */
        DayOfWeek weekday() {
            return date.getDayOfWeek();
        }
    }

    /** The daily sweeps over members' facts. */
    enum SweepKind {
        /** On the member's birthday in their own zone (29 February on 28 February in common years). */
        BIRTHDAY,
        /** When {@code days} have passed since the member's last purchase. */
        INACTIVE,
        /** When at least {@code minPoints} of the member's points expire within {@code days}. */
        POINTS_EXPIRING
    }

    /**
     * Every day, for the members the sweep finds, at {@code time} in each member's own zone.
     *
     * @param sweep     which
     * @param days      INACTIVE: days without a purchase (1..3650); POINTS_EXPIRING: the horizon (1..90)
     * @param minPoints POINTS_EXPIRING: the least points expiring that is worth a reminder (default 1)
     * @param time      local time of day the sweep acts from (default 09:00)
     */
    record Sweep(SweepKind sweep, Integer days, Long minPoints, LocalTime time) implements Trigger {
        public Sweep {
            time = time == null ? LocalTime.of(9, 0) : time;
            minPoints = minPoints == null && sweep == SweepKind.POINTS_EXPIRING ? Long.valueOf(1) : minPoints;
        }

        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (sweep == null) {
                problems.add(new Problem.FieldError(path + ".sweep", "must be one of BIRTHDAY, INACTIVE, POINTS_EXPIRING"));
                return;
            }
            switch (sweep) {
                case BIRTHDAY -> {
                    if (days != null) {
                        problems.add(new Problem.FieldError(path + ".days", "belongs to INACTIVE and POINTS_EXPIRING"));
                    }
                }
                case INACTIVE -> {
                    if (days == null || days < 1 || days > 3650) {
                        problems.add(new Problem.FieldError(path + ".days", "must be between 1 and 3650"));
                    }
                }
                case POINTS_EXPIRING -> {
                    if (days == null || days < 1 || days > 90) {
                        problems.add(new Problem.FieldError(path + ".days", "must be between 1 and 90"));
                    }
                    if (minPoints != null && minPoints < 1) {
                        problems.add(new Problem.FieldError(path + ".minPoints", "must be at least 1"));
                    }
                }
            }
            if (sweep != SweepKind.POINTS_EXPIRING && minPoints != null) {
                problems.add(new Problem.FieldError(path + ".minPoints", "belongs to POINTS_EXPIRING"));
            }
        }
    }

    /**
     * A Reward campaign that changes earning: while it runs, the core's program holds an earning rule that names
     * the campaign, so quotes and awards show it and its points are the campaign's cost. It has no actions.
     *
     * @param multiplierPercent 200 doubles the matching lines' points (100..1000); or
     * @param bonusPoints       a fixed bonus per purchase
     * @param categories        lines in these categories; empty for all
     * @param skus              lines with these SKUs; empty for all
     * @param stores            purchases at these stores; empty for all
     * @param channels          POS, ONLINE, ...; empty for all
     * @param daysOfWeek        on these days; empty for all
     * @param minSpendMinor     purchases of at least this eligible spend
     */
    record Earning(Integer multiplierPercent, Long bonusPoints, List<String> categories, List<String> skus,
                   List<String> stores, List<String> channels, List<DayOfWeek> daysOfWeek, Long minSpendMinor)
            implements Trigger {
        public Earning {
            categories = categories == null ? List.of() : List.copyOf(categories);
            skus = skus == null ? List.of() : List.copyOf(skus);
            stores = stores == null ? List.of() : List.copyOf(stores);
            channels = channels == null ? List.of() : List.copyOf(channels);
            daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
        }

        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if ((multiplierPercent == null) == (bonusPoints == null)) {
                problems.add(new Problem.FieldError(path + ".multiplierPercent",
                        "give either multiplierPercent (100 to 1000) or bonusPoints, not both"));
            }
            if (multiplierPercent != null && (multiplierPercent < 100 || multiplierPercent > 1000)) {
                problems.add(new Problem.FieldError(path + ".multiplierPercent", "must be between 100 and 1000"));
            }
            if (bonusPoints != null && (bonusPoints < 1 || bonusPoints > 1_000_000)) {
                problems.add(new Problem.FieldError(path + ".bonusPoints", "must be between 1 and 1000000"));
            }
            if (minSpendMinor != null && minSpendMinor < 0) {
                problems.add(new Problem.FieldError(path + ".minSpendMinor", "must not be negative"));
            }
            Codes.check(path + ".categories", categories, problems);
            Codes.check(path + ".skus", skus, problems);
            Codes.check(path + ".stores", stores, problems);
            for (int i = 0; i < channels.size(); i++) {
                if (!channels.get(i).matches("[A-Z_]{2,20}")) {
                    problems.add(new Problem.FieldError(path + ".channels[" + i + "]", "must be a channel such as POS"));
                }
            }
        }
    }
}
