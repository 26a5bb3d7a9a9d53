package io.punchcard.campaign.facts;

import java.util.Objects;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;

/**
 * One event of the feed as the read model took it, for the campaign engine's triggers: the member's facts before
 * and after it. The event's {@code id} and {@code position} are the feed's, the same on every replay, so an effect
 * keyed by them happens once however often the feed is read (a rebuild reads it all again).
 *
 * @param at       when the core wrote the event (a campaign acts only on events from after it started running)
 * @param memberId whose facts changed: for a refund the purchase's owner, for a merge the survivor; null when none
 * @param before   their facts before; null when the feed had not named them
 * @param after    their facts after; null when erased or when the event changed no member
 */
public record Applied(String position, long eventId, java.time.Instant at, LoyaltyEvent event, UUID memberId, MemberFacts before,
                      MemberFacts after) {

    /** This event is the member's first purchase (an imported past sale is a purchase too). */
    public boolean firstPurchase() {
        return event instanceof LoyaltyEvent.PurchaseRecorded && after != null && after.purchases() > 0
                && (before == null || before.purchases() == 0);
    }

    /** A friend someone brought made their first purchase: the referral reward's moment. */
    public boolean referredFriendsFirstPurchase() {
        return firstPurchase() && after.referredBy() != null;
    }

    /** The member is in {@code tier} now and was not before. */
    public boolean reached(String tier) {
        return after != null && tier.equals(after.tier()) && (before == null || !Objects.equals(tier, before.tier()));
    }

    /** This event is a purchase that paid at least {@code minor} (before any refund). */
    public boolean purchaseOfAtLeast(long minor) {
        return event instanceof LoyaltyEvent.PurchaseRecorded p && !p.history() && p.totalMinor() >= minor;
    }
}
