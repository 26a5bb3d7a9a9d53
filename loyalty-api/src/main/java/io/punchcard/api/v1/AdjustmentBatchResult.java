package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

import io.punchcard.api.Problem;

/**
 * What became of each adjustment of a batch, in the order sent.
 *
 * @param results one per adjustment
 */
public record AdjustmentBatchResult(List<Item> results) {

    /**
     * @param index        the adjustment's position in the batch
     * @param status       201 made now, 200 made before (a replay: the first answer again), or the problem's status
     * @param adjustmentId the adjustment's id, as sent
     * @param memberId     the member, as sent
     * @param adjustment   the result, when made: the change and what the member could spend right after it
     * @param problem      why not, otherwise
     */
    public record Item(int index, int status, String adjustmentId, UUID memberId, PointsAdjusted adjustment,
                       Problem problem) {

        /** Whether this answers an adjustment made by an earlier request (or earlier in this one). */
        public boolean replayed() {
            return status == 200;
        }
    }
}
