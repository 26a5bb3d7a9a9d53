package io.punchcard.loyalty.voucher;

import java.util.UUID;

import io.punchcard.loyalty.access.Actor;

import io.punchcard.api.v1.RewardBought;

/** The rewards catalog: points buy vouchers. */
public interface Rewards {

    /**
     * Spends the reward's price and issues its voucher, in one transaction; {@code clientId} makes it once. Bought
     * in a staff session ({@code by} names a member of staff), it is audited as {@code member.redeem} in that
     * transaction; a shopper's own purchase at a kiosk is not. {@code by} may be null.
     */
    Bought buy(UUID memberId, String rewardCode, String clientId, Actor by);

    /** The outcome of buying a reward. */
    sealed interface Bought permits Done, UnknownReward, InsufficientPoints, MemberNotFound, IdUsedForTender {
    }

    /**
     * @param result   what was bought
     * @param replayed true when this answers an earlier request with the same client id
     */
    record Done(RewardBought result, boolean replayed) implements Bought {
    }

    /** @param code no such reward in the program */
    record UnknownReward(String code) implements Bought {
    }

    /**
     * @param available what the member can spend
     * @param price     what the reward costs
     */
    record InsufficientPoints(long available, long price) implements Bought {
    }

    /** The client's redemption id was already used to spend points as a tender for this member. */
    record IdUsedForTender() implements Bought {
    }

    /** No active member with that id. */
    record MemberNotFound() implements Bought {
    }
}
