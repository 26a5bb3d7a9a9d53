package io.punchcard.campaign.engine;

import java.time.LocalDate;

/**
 * The names of a campaign's occurrences: with the campaign and the member they make an effect's identity, so
 * whatever plans an occurrence twice (two instances, a replay, a resume) finds the first. The per-member limit
 * decides how wide an occurrence is: once for the campaign's life, once a year, or each event, run or lapse.
 */
public final class Occurrences {

    public static final String ONCE = "once";

    private Occurrences() {
    }

    /** A member event's occurrence (its position in the core's feed); the limit may widen it. */
    public static String ofEvent(Limits.PerMember limit, long eventId, LocalDate localDay) {
        return widen(limit, "event:" + eventId, localDay);
    }

    /**
     * A referral's: both sides are acted on once per friend, whatever the limit says, since each friend is a new
     * reason to reward the referrer.
     */
    public static String ofReferral(java.util.UUID friend) {
        return "referral:" + friend;
    }

    /** A scheduled run's ({@link Schedules#occurrence}). */
    public static String ofRun(Limits.PerMember limit, String run, LocalDate localDay) {
        return widen(limit, run, localDay);
    }

    /** A birthday's: the year of the birthday in the member's zone. */
    public static String ofBirthday(Limits.PerMember limit, int year) {
        return limit == Limits.PerMember.ONCE ? ONCE : "birthday:" + year;
    }

    /** A sweep's occurrence in SQL: {@code tag} followed by the value that names the member's case. */
    public static String sweepPrefix(Trigger.SweepKind kind) {
        return switch (kind) {
            case BIRTHDAY -> "birthday:";
            case INACTIVE -> "inactive:";
            case POINTS_EXPIRING -> "expiring:";
        };
    }

    private static String widen(Limits.PerMember limit, String occurrence, LocalDate localDay) {
        return switch (limit) {
            case ONCE -> ONCE;
            case ONCE_PER_YEAR -> "year:" + localDay.getYear();
            case EVERY_OCCURRENCE -> occurrence;
        };
    }
}
