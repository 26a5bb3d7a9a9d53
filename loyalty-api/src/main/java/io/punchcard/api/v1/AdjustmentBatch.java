package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/adjustments/batch}: points added to or taken from up to {@link #MAX_ITEMS} members in one
 * call (a campaign's grant to a segment). Each adjustment is answered on its own, exactly as
 * {@code POST /api/v1/members/{id}/adjustments} answers it: the two routes share the ids, so an adjustment made by
 * one and sent again by the other is one adjustment.
 *
 * @param items 1 to {@link #MAX_ITEMS} adjustments
 */
public record AdjustmentBatch(List<Adjustment> items) {

    /** The most adjustments one call may hold. */
    public static final int MAX_ITEMS = 1000;

    /**
     * @param adjustmentId the caller's id of this adjustment, unique per member; a retry with it is answered, not
     *                     repeated
     * @param memberId     whose points
     * @param points       positive to add, negative to take (never zero)
     * @param reason       why; kept in the ledger and the audit log
     * @param actor        who (a staff member, or the campaign engine)
     * @param campaign     the campaign it belongs to, if any; kept with the ledger entry
     */
    public record Adjustment(String adjustmentId, UUID memberId, Long points, String reason, String actor,
                             String campaign) {
    }
}
