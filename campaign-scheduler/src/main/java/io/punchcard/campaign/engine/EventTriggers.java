package io.punchcard.campaign.engine;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.campaign.facts.Applied;

/**
 * Whom an event of the feed makes a running campaign act on, and at which occurrence. Only events written while the
 * campaign runs count: one from before it started (or before its trigger was last changed, or while it was paused)
 * is a past occurrence, so neither a replay of the feed nor a rebuild of the read model acts on it.
 */
public final class EventTriggers {

    /**
     * One member to act on.
     *
     * @param member     whom
     * @param occurrence the occurrence's name
     */
    public record Target(UUID member, String occurrence) {
    }

    private EventTriggers() {
    }

    /** The members {@code applied} makes {@code campaign} act on; none when it does not fire it. */
    public static List<Target> targets(Campaign campaign, Applied applied, ZoneId programZone) {
        if (!(campaign.spec().trigger() instanceof Trigger.OnEvent trigger)
                || campaign.status() != Campaign.Status.RUNNING || campaign.runningSince() == null
                || applied.at() == null || applied.at().isBefore(campaign.runningSince())
                || campaign.spec().endsAt() != null && !applied.at().isBefore(campaign.spec().endsAt())
                || applied.memberId() == null || applied.after() == null) {
            return List.of();
        }
        boolean history = applied.event() instanceof LoyaltyEvent.PurchaseRecorded purchase && purchase.history();
        boolean fires = switch (trigger.event()) {
            case JOINED -> applied.event() instanceof LoyaltyEvent.MemberJoined;
            case FIRST_PURCHASE -> applied.firstPurchase() && !history;
            case PURCHASE -> applied.purchaseOfAtLeast(trigger.minSpendMinor());
            case TIER_REACHED -> applied.event() instanceof LoyaltyEvent.TierChanged changed
                    && !"downgrade".equals(changed.reason()) && applied.reached(trigger.tier());
            case REFERRED_FIRST_PURCHASE -> applied.referredFriendsFirstPurchase() && !history;
        };
        if (!fires) {
            return List.of();
        }
        if (trigger.event() == Trigger.MemberEvent.REFERRED_FIRST_PURCHASE) {
            String occurrence = Occurrences.ofReferral(applied.memberId());
            return List.of(new Target(applied.memberId(), occurrence),
                    new Target(applied.after().referredBy(), occurrence));
        }
        ZoneId zone = zone(applied.after().timeZone(), programZone);
        LocalDate day = LocalDate.ofInstant(applied.at(), zone);
        return List.of(new Target(applied.memberId(),
                Occurrences.ofEvent(campaign.spec().perMember(), applied.eventId(), day)));
    }

    private static ZoneId zone(String id, ZoneId otherwise) {
        try {
            return id == null ? otherwise : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return otherwise;
        }
    }
}
