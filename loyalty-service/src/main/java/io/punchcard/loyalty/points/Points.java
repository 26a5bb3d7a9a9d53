package io.punchcard.loyalty.points;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.v1.PointsAdjusted;
import io.punchcard.api.v1.PointsRedeemed;
import io.punchcard.api.v1.TenderCancelled;
import io.punchcard.loyalty.access.Actor;

/** A member's points: balance, ledger, redemption and manual adjustment. */
public interface Points {

    /** The member's balance now; empty when there is no such member. */
    java.util.Optional<Lots.Balance> balance(UUID memberId);

    /** Ledger entries after {@code afterId}, oldest first. */
    List<Entry> ledger(UUID memberId, long afterId, int limit);

    /**
     * Spends points as a tender at the till (or for a reward, see vouchers). {@code clientId} is the caller's id
     * of this redemption: the same id again returns the original outcome.
     */
    default Redemption redeem(UUID memberId, String clientId, long points, String reference) {
        return redeem(memberId, clientId, points, reference, null);
    }

    /**
     * {@link #redeem} by {@code by}; a member of staff's redemption (not a till's tender, which is the shop's normal
     * trade) is audited as {@code member.redeem} in its transaction; {@code by} may be null.
     */
    Redemption redeem(UUID memberId, String clientId, long points, String reference, Actor by);

    /**
     * Gives back the points of a tender whose sale was voided, into the lots they were taken from (so they expire
     * when they would have). {@code clientId} is the id the tender was made with; asking again changes nothing.
     */
    Cancellation cancelTender(UUID memberId, String clientId);

    /**
     * Adds or takes points by hand; staff must say why. Points taken beyond what the member can spend become a
     * debt that later earnings pay off.
     */
    Adjustment adjust(AdjustmentRequest request, Actor by);

    /**
     * Makes each adjustment as {@link #adjust} would, in the order given, in one transaction: the answers come in
     * the same order. An id already used for this member answers the first adjustment again (replayed), or
     * {@link AdjustmentIdTaken} when the adjustment sent with it differs; an id sent twice in {@code requests} is
     * the same rule, the second answering the first.
     *
     * <p>{@link #adjust} is audited per member ({@code member.adjust}, the balance before and after); a batch —
     * a campaign's grant to thousands — once for the call ({@code points.batch}, how many and how much), since
     * each member's ledger entry already names the campaign and the actor.
     */
    List<Adjustment> adjustAll(List<AdjustmentRequest> requests, Actor by);

    /**
     * One ledger entry.
     *
     * @param id          its number, increasing
     * @param kind        EARN, BONUS, REDEEM, EXPIRE, ADJUST, REVERSE, MERGE or RESTORE (a voided tender)
     * @param points      positive when added
     * @param reason      why it exists
     * @param purchaseId  the purchase it belongs to, if any
     * @param actor       who caused it ({@code system} or a staff member)
     * @param at          when
     */
    record Entry(long id, String kind, long points, String reason, UUID purchaseId, String actor, Instant at) {
    }

    /** The outcome of a redemption. */
    sealed interface Redemption permits Redeemed, InsufficientPoints, MemberNotFound, IdUsedForReward {
    }

    /**
     * @param result   the answer, the same on every replay
     * @param replayed true when this is the answer to an earlier request with the same client id
     */
    record Redeemed(PointsRedeemed result, boolean replayed) implements Redemption {
    }

    /** The client's redemption id was already used to buy a reward for this member. */
    record IdUsedForReward() implements Redemption {
    }

    /** @param available what the member can spend now (negative while they owe points) */
    record InsufficientPoints(long available) implements Redemption {
    }

    /** No active member with this id. */
    record MemberNotFound() implements Redemption, Adjustment, Cancellation {
    }

    /** The outcome of cancelling a tender. */
    sealed interface Cancellation permits Cancelled, NoSuchTender, MemberNotFound {
    }

    /**
     * @param result   the answer, the same on every replay
     * @param replayed true when the tender had already been cancelled
     */
    record Cancelled(TenderCancelled result, boolean replayed) implements Cancellation {
    }

    /** The member has no points tender with this id (a reward bought with points is not a tender). */
    record NoSuchTender() implements Cancellation {
    }

    /** The outcome of an adjustment. */
    sealed interface Adjustment permits Adjusted, MemberNotFound, AdjustmentIdTaken {
    }

    /** The member's adjustment id was used for a different adjustment; a retry must repeat the same request. */
    record AdjustmentIdTaken() implements Adjustment {
    }

    /**
     * @param result   the answer, the same on every replay
     * @param replayed true when this answers an earlier request with the same client id
     */
    record Adjusted(PointsAdjusted result, boolean replayed) implements Adjustment {
    }
}
