package io.punchcard.loyalty.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.purchase.PurchaseInput;

/**
 * A domain event: something that happened to a member, written in the same transaction as the change and
 * served in order by the events feed, which the campaign scheduler follows.
 *
 * @param type     e.g. {@code member.joined}
 * @param memberId whom it is about, or null
 * @param payload  what a follower needs without asking again
 * @param at       when it happened
 */
public record Event(String type, UUID memberId, Map<String, Object> payload, Instant at) {

    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_UPDATED = "member.updated";
    public static final String PURCHASE_RECORDED = "purchase.recorded";
    public static final String PURCHASE_REFUNDED = "purchase.refunded";
    public static final String POINTS_CHANGED = "points.changed";
    public static final String POINTS_AVAILABLE = "points.available";
    public static final String TIER_CHANGED = "tier.changed";
    public static final String VOUCHER_ISSUED = "voucher.issued";
    public static final String VOUCHER_REDEEMED = "voucher.redeemed";

    public Event {
        payload = Map.copyOf(payload);
    }

    public static Event memberJoined(Member member, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("joinChannel", member.joinChannel());
        if (member.joinStore() != null) {
            payload.put("joinStore", member.joinStore());
        }
        if (member.referredBy() != null) {
            payload.put("referredBy", member.referredBy().toString());
        }
        payload.put("tier", member.tierCode());
        return new Event(MEMBER_JOINED, member.id(), payload, at);
    }

    public static Event memberUpdated(Member member, Instant at) {
        return new Event(MEMBER_UPDATED, member.id(), Map.of(), at);
    }

    /**
     * A purchase was recorded. A follower counts spend and visits from it, at {@code occurredAt} (which for an
     * imported sale of the past is long before the event); {@code history} is present, and true, for such a sale,
     * which earned nothing and is never followed by a points event.
     */
    public static Event purchaseRecorded(UUID memberId, UUID purchaseId, PurchaseInput input, long eligibleMinor,
                                         long points, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("purchaseId", purchaseId.toString());
        payload.put("channel", input.basket().channel().name());
        payload.put("store", String.valueOf(input.basket().store()));
        payload.put("occurredAt", input.occurredAt().toString());
        payload.put("totalMinor", input.totalMinor());
        payload.put("eligibleMinor", eligibleMinor);
        payload.put("points", points);
        if (input.history()) {
            payload.put("history", true);
        }
        return new Event(PURCHASE_RECORDED, memberId, payload, at);
    }

    /** Points added to or taken from a member, and why. */
    public static Event pointsChanged(UUID memberId, long delta, String kind, String reason, Instant at) {
        return new Event(POINTS_CHANGED, memberId, Map.of("delta", delta, "kind", kind, "reason", reason), at);
    }

    public static Event tierChanged(UUID memberId, String from, String to, String reason, Instant at) {
        return new Event(TIER_CHANGED, memberId, Map.of("from", from, "to", to, "reason", reason), at);
    }
}
