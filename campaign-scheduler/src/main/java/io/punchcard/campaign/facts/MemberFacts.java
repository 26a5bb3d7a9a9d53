package io.punchcard.campaign.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent.Expiring;

/**
 * What the scheduler knows about one member, built only from the core's events feed (a row of
 * {@code member_facts}). Segments select on it, messages address with it, campaigns compare it before and after an
 * event.
 *
 * @param status          ACTIVE, or MERGED once merged into {@code mergedInto}
 * @param timeZone        the zone the core counts their days in; null when it never said
 * @param coreTags        the core's tags as the feed last gave them (tags set in the scheduler are apart)
 * @param firstPurchaseAt the earliest sale of theirs the feed reported (imported history included)
 * @param purchases       how many sales, imported history included
 * @param spendMinor      what they paid over all those sales, less refunds
 * @param windows         visits and spend over the last 30, 90 and 365 days
 * @param categories      every category they bought, each once, sorted
 * @param pointsExpiring  the soonest expiry days, as the latest points event gave them
 * @param updatedAt       when the latest event that changed this row happened
 */
public record MemberFacts(UUID memberId, Status status, UUID mergedInto, String tier, String preferredStore,
                          String joinStore, String joinChannel, Instant joinedAt, String language, String timeZone,
                          LocalDate birthday, boolean emailConsent, boolean smsConsent, String referralCode,
                          UUID referredBy, List<String> coreTags, Instant firstPurchaseAt, Instant lastPurchaseAt,
                          int purchases, long spendMinor, Windows windows, List<String> categories,
                          long pointsAvailable, long pointsPending, long pointsDebt, List<Expiring> pointsExpiring,
                          Instant updatedAt) {

    /** Whether the member is theirs still, or was merged into another. */
    public enum Status {
        ACTIVE, MERGED
    }

    public MemberFacts {
        coreTags = List.copyOf(coreTags);
        categories = List.copyOf(categories);
        pointsExpiring = List.copyOf(pointsExpiring);
    }

    /** A member the feed has just named, of whom nothing is known yet. */
    public static MemberFacts unknown(UUID memberId, Instant at) {
        return new MemberFacts(memberId, Status.ACTIVE, null, null, null, null, null, null, null, null, null, false,
                false, null, null, List.of(), null, null, 0, 0, Windows.empty(null), List.of(), 0, 0, 0, List.of(), at);
    }

    /** The zone their days are counted in: theirs, else {@code programZone}. An unreadable zone counts as none. */
    public ZoneId zone(ZoneId programZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return programZone;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return programZone;
        }
    }

    /** Points that expire within {@code days} days from {@code today} (today included). */
    public long pointsExpiringWithin(int days, LocalDate today) {
        return pointsExpiring.stream().filter(e -> e.on() != null && !e.on().isBefore(today)
                && e.on().isBefore(today.plusDays(days))).mapToLong(Expiring::points).sum();
    }

    Draft draft() {
        return new Draft(this);
    }

    /** A copy to change a few fields of: the records of this package are built from it, never edited in place. */
    static final class Draft {
        UUID memberId;
        Status status;
        UUID mergedInto;
        String tier;
        String preferredStore;
        String joinStore;
        String joinChannel;
        Instant joinedAt;
        String language;
        String timeZone;
        LocalDate birthday;
        boolean emailConsent;
        boolean smsConsent;
        String referralCode;
        UUID referredBy;
        List<String> coreTags;
        Instant firstPurchaseAt;
        Instant lastPurchaseAt;
        int purchases;
        long spendMinor;
        Windows windows;
        List<String> categories;
        long pointsAvailable;
        long pointsPending;
        long pointsDebt;
        List<Expiring> pointsExpiring;
        Instant updatedAt;

        private Draft(MemberFacts f) {
            memberId = f.memberId;
            status = f.status;
            mergedInto = f.mergedInto;
            tier = f.tier;
            preferredStore = f.preferredStore;
            joinStore = f.joinStore;
            joinChannel = f.joinChannel;
            joinedAt = f.joinedAt;
            language = f.language;
            timeZone = f.timeZone;
            birthday = f.birthday;
            emailConsent = f.emailConsent;
            smsConsent = f.smsConsent;
            referralCode = f.referralCode;
            referredBy = f.referredBy;
            coreTags = f.coreTags;
            firstPurchaseAt = f.firstPurchaseAt;
            lastPurchaseAt = f.lastPurchaseAt;
            purchases = f.purchases;
            spendMinor = f.spendMinor;
            windows = f.windows;
            categories = f.categories;
            pointsAvailable = f.pointsAvailable;
            pointsPending = f.pointsPending;
            pointsDebt = f.pointsDebt;
            pointsExpiring = f.pointsExpiring;
            updatedAt = f.updatedAt;
        }

        MemberFacts facts() {
            return new MemberFacts(memberId, status, mergedInto, tier, preferredStore, joinStore, joinChannel, joinedAt,
                    language, timeZone, birthday, emailConsent, smsConsent, referralCode, referredBy, coreTags,
                    firstPurchaseAt, lastPurchaseAt, purchases, spendMinor, windows, categories, pointsAvailable,
                    pointsPending, pointsDebt, pointsExpiring, updatedAt);
        }
    }
}
