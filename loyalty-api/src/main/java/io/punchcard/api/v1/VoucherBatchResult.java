package io.punchcard.api.v1;

import java.util.List;

import io.punchcard.api.Problem;

/**
 * What became of each voucher of a batch, in the order sent.
 *
 * @param results one per voucher asked for
 */
public record VoucherBatchResult(List<Item> results) {

    /**
     * @param index   the voucher's position in the batch
     * @param status  201 issued now, 200 issued before (a replay: the voucher as it is now), or the problem's status
     * @param issueId the issue id, as sent
     * @param voucher the voucher with its code and validity, when issued
     * @param problem why not, otherwise
     */
    public record Item(int index, int status, String issueId, VoucherView voucher, Problem problem) {

        /** Whether this answers a voucher issued by an earlier request (or earlier in this one). */
        public boolean replayed() {
            return status == 200;
        }
    }
}
