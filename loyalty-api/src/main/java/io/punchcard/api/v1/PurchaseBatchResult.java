package io.punchcard.api.v1;

import java.util.List;

import io.punchcard.api.Problem;

/**
 * What became of each purchase of a batch, in the order sent.
 *
 * @param results one per purchase
 */
public record PurchaseBatchResult(List<Item> results) {

    /**
     * @param index    the purchase's position in the batch
     * @param status   201 recorded now, 200 recorded before (a replay), or the problem's status
     * @param purchase the result, when recorded
     * @param problem  why not, otherwise
     */
    public record Item(int index, int status, PurchaseRecorded purchase, Problem problem) {
    }
}
