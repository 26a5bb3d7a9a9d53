package io.punchcard.loyalty.points;

import java.util.Objects;
import java.util.UUID;

/**
 * A manual adjustment, checked: what the single route and the batch route both hand to {@link Points#adjustAll}.
 *
 * @param memberId     whose points (a member merged away means the survivor)
 * @param adjustmentId the caller's id of it, unique per member
 * @param points       non-zero, within the limits
 * @param reason       why
 * @param actor        who
 * @param campaign     the campaign it belongs to, or null
 */
public record AdjustmentRequest(UUID memberId, String adjustmentId, long points, String reason, String actor,
                                String campaign) {

    public AdjustmentRequest {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(adjustmentId, "adjustmentId");
    }

    /**
     * Whether an adjustment already made with this id (its ledger entry's values) is this one sent again, rather
     * than a different adjustment reusing the id. The ledger's reason of an adjustment up that paid a debt says so
     * after the reason given ({@code "goodwill; 40 paid a debt"}), so that note is not a difference.
     */
    public boolean sameAs(long madePoints, String madeReason, String madeActor, String madeCampaign) {
        boolean sameReason = madeReason.equals(reason)
                || madeReason.startsWith(reason + "; ") && madeReason.endsWith(" paid a debt")
                && madeReason.substring(reason.length() + 2).matches("[0-9]+ paid a debt");
        return madePoints == points && sameReason && madeActor.equals(actor) && Objects.equals(madeCampaign, campaign);
    }

    /** Whether {@code other}, sent earlier in the same batch with the same id, is this one again. */
    public boolean sameAs(AdjustmentRequest other) {
        return other.points == points && other.reason.equals(reason) && other.actor.equals(actor)
                && Objects.equals(other.campaign, campaign);
    }
}
