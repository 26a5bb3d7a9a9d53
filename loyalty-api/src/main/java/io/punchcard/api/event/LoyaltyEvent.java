package io.punchcard.api.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.v1.Consent;

/**
 * What the core's events feed says happened, one record per kind. The feed carries each as its {@link EventType}
 * name and the record's fields as the payload; {@link EventType#read} turns a payload back into its record, and
 * {@link EventType#payload} does the reverse. Every record carries what a follower needs without calling the core
 * back: member events carry the member's facts, points events the balance after the change.
 *
 * <p>Followers must ignore what they do not know: a newer core may add fields (read and dropped) and kinds
 * ({@link Unrecognised}).
 */
public sealed interface LoyaltyEvent {

    /** This event's kind. */
    default EventType type() {
        return EventType.of(this);
    }

    // ---- Members ----------------------------------------------------------------------------------------------

    /**
     * What a follower needs to know about a member to choose and address them, as of the event.
     *
     * @param birthday       their birthday, if given
     * @param language       language tag for messages
     * @param timeZone       the zone their days are counted in: their preferred store's, else their join store's, else
     *                       the program's
     * @param preferredStore store code
     * @param joinStore      store where they joined
     * @param joinChannel    where they joined (POS, ONLINE, KIOSK, ...)
     * @param joinedAt       when they joined
     * @param consents       per channel ({@code EMAIL}, {@code SMS})
     * @param tags           labels
     * @param referralCode   their own code for bringing friends
     * @param referredBy     the member who brought them
     * @param tier           tier code
     */
    record MemberFacts(LocalDate birthday, String language, String timeZone, String preferredStore, String joinStore,
                       String joinChannel, Instant joinedAt, Map<String, Consent> consents, List<String> tags,
                       String referralCode, UUID referredBy, String tier) {
        public MemberFacts {
            consents = consents == null ? Map.of() : Map.copyOf(consents);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** {@code member.joined}: a member enrolled. */
    record MemberJoined(MemberFacts member) implements LoyaltyEvent {
    }

    /**
     * {@code member.updated}: their profile, identifiers or tags changed.
     *
     * @param member  their facts after the change
     * @param changed which parts changed (e.g. {@code profile}, {@code tags}, {@code externalId})
     */
    record MemberUpdated(MemberFacts member, List<String> changed) implements LoyaltyEvent {
        public MemberUpdated {
            changed = changed == null ? List.of() : List.copyOf(changed);
        }
    }

    /**
     * {@code consents.changed}: consent was given or withdrawn on a channel.
     *
     * @param consents all channels' consent after the change
     * @param channels the channels that changed
     */
    record ConsentsChanged(Map<String, Consent> consents, List<String> channels) implements LoyaltyEvent {
        public ConsentsChanged {
            consents = consents == null ? Map.of() : Map.copyOf(consents);
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }

    /**
     * {@code member.merged}: a duplicate was merged into the event's member, who survives.
     *
     * @param duplicate   the member merged away (now MERGED)
     * @param pointsMoved points moved to the survivor
     * @param member      the survivor's facts after the merge
     */
    record MemberMerged(UUID duplicate, long pointsMoved, MemberFacts member) implements LoyaltyEvent {
    }

    /** {@code member.erased}: personal data erased; a follower forgets the member. */
    record MemberErased() implements LoyaltyEvent {
    }

    // ---- Purchases --------------------------------------------------------------------------------------------

    /**
     * The points one earning rule added to a purchase.
     *
     * @param rule     the rule's id
     * @param campaign the campaign that put the rule in the program, if any
     * @param points   points it added
     */
    record RulePoints(String rule, String campaign, long points) {
    }

    /**
     * {@code purchase.recorded}.
     *
     * @param purchaseId    the core's id
     * @param source        which connector or till sent it
     * @param externalId    the sale's id in that system
     * @param store         store code
     * @param channel       POS, ONLINE, ...
     * @param occurredAt    when the sale happened (long before the event for imported history)
     * @param totalMinor    what the shopper paid, minor units
     * @param eligibleMinor the spend that earns points
     * @param points        points it earned (base and rules)
     * @param categories    the categories of its lines, each once
     * @param rules         the earning rules that added points
     * @param history       true for an imported sale of the past, which earned nothing
     */
    record PurchaseRecorded(UUID purchaseId, String source, String externalId, String store, String channel,
                            Instant occurredAt, long totalMinor, long eligibleMinor, long points,
                            List<String> categories, List<RulePoints> rules, boolean history) implements LoyaltyEvent {
        public PurchaseRecorded {
            categories = categories == null ? List.of() : List.copyOf(categories);
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * {@code purchase.refunded}: goods of a purchase came back.
     *
     * @param refundId       the core's id
     * @param purchaseId     the purchase refunded
     * @param externalId     the refund's id in the sending system
     * @param eligibleMinor  the eligible spend given back by this refund
     * @param pointsReversed points taken back for it
     */
    record RefundRecorded(UUID refundId, UUID purchaseId, String externalId, long eligibleMinor, long pointsReversed)
            implements LoyaltyEvent {
    }

    // ---- Points -----------------------------------------------------------------------------------------------

    /**
     * Points that expire on one day (in the program's zone).
     *
     * @param on     the day
     * @param points how many
     */
    record Expiring(LocalDate on, long points) {
    }

    /**
     * A member's points after a change.
     *
     * @param available what can be spent now (may be negative while points are owed)
     * @param pending   earned, not yet spendable
     * @param debt      points owed after refunds of spent points
     * @param expiring  the soonest days on which points expire, soonest first, at most {@link #EXPIRING_DAYS} of them
     */
    record PointsBalance(long available, long pending, long debt, List<Expiring> expiring) {
        /** How many expiry days a balance lists: enough to answer "expiring within 90 days" exactly. */
        public static final int EXPIRING_DAYS = 92;

        public PointsBalance {
            expiring = expiring == null ? List.of() : List.copyOf(expiring);
        }
    }

    /** A change to a member's points: each kind carries the balance after it. */
    sealed interface PointsEvent extends LoyaltyEvent {
        /** The signed change to the member's points (earned and pending points count). */
        long delta();

        PointsBalance balance();
    }

    /** {@code points.earned}: a purchase earned points. */
    record PointsEarned(UUID purchaseId, long points, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return points;
        }
    }

    /**
     * {@code points.redeemed}: points spent.
     *
     * @param points    how many (positive)
     * @param reason    {@code tender} (paid at a till) or {@code reward}
     * @param reference the redemption's id or the reward's code
     */
    record PointsRedeemed(long points, String reason, String reference, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return -points;
        }
    }

    /** {@code points.restored}: a cancelled redemption gave its points back. */
    record PointsRestored(long points, String reference, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return points;
        }
    }

    /** {@code points.reversed}: a refund took back points its purchase earned. */
    record PointsReversed(long points, UUID refundId, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return -points;
        }
    }

    /**
     * {@code points.adjusted}: points added or taken by staff or a campaign.
     *
     * @param points       signed
     * @param reason       why
     * @param adjustmentId the caller's id of the adjustment
     * @param campaign     the campaign that granted them, if any
     */
    record PointsAdjusted(long points, String reason, String adjustmentId, String campaign, PointsBalance balance)
            implements PointsEvent {
        @Override
        public long delta() {
            return points;
        }
    }

    /** {@code points.expired}: points reached their expiry date unspent. */
    record PointsExpired(long points, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return -points;
        }
    }

    /** {@code points.available}: pending points became spendable (no change to the total). */
    record PointsAvailable(long points, PointsBalance balance) implements PointsEvent {
        @Override
        public long delta() {
            return 0;
        }
    }

    // ---- Tiers, vouchers, rewards -----------------------------------------------------------------------------

    /**
     * {@code tier.changed}.
     *
     * @param from   the tier before
     * @param to     the tier after
     * @param reason {@code upgrade}, {@code downgrade} or {@code merge}
     */
    record TierChanged(String from, String to, String reason) implements LoyaltyEvent {
    }

    /**
     * {@code voucher.issued}.
     *
     * @param voucherId  the core's id (the code, a bearer credential, is not in the feed)
     * @param template   template code
     * @param reason     why
     * @param issueId    the caller's id of the issue
     * @param campaign   the campaign that issued it, if any
     * @param validUntil when it stops being usable
     */
    record VoucherIssued(UUID voucherId, String template, String reason, String issueId, String campaign,
                         Instant validUntil) implements LoyaltyEvent {
    }

    /**
     * {@code voucher.used}: a voucher was redeemed on a sale.
     *
     * @param voucherId     the voucher
     * @param template      template code
     * @param saleRef       the sale it paid for
     * @param discountMinor the discount it gave, when the till said
     */
    record VoucherUsed(UUID voucherId, String template, String saleRef, long discountMinor) implements LoyaltyEvent {
    }

    /** {@code voucher.expired}: a voucher passed its end unused. */
    record VoucherExpired(UUID voucherId, String template) implements LoyaltyEvent {
    }

    /**
     * {@code reward.bought}: points bought a reward from the catalogue.
     *
     * @param reward    the reward's code
     * @param points    its price
     * @param voucherId the voucher it gave
     */
    record RewardBought(String reward, long points, UUID voucherId) implements LoyaltyEvent {
    }

    /**
     * A kind this client does not know (a newer core's); followers skip it.
     *
     * @param name    its type name
     * @param payload its fields as sent
     */
    record Unrecognised(String name, Map<String, Object> payload) implements LoyaltyEvent {
        public Unrecognised {
            payload = payload == null ? Map.of() : Map.copyOf(payload);
        }
    }
}
