package io.punchcard.pos.api;

import java.util.List;

/**
 * What the till prints for the loyalty part of a sale.
 *
 * @param saleId          the till's sale id
 * @param recorded        true when the core has recorded the sale; false while it waits in the store's queue
 * @param pointsEarned    points the sale earned (null until recorded)
 * @param availablePoints the shopper's balance after it (null when not known)
 * @param pendingPoints   points earned but not yet spendable (null when not known)
 * @param tier            the shopper's tier after it (null when not known)
 * @param progressLine    a line toward the next tier (null when not known)
 * @param vouchersUsed    vouchers used on the sale
 * @param message         a line for the receipt
 */
public record Receipt(String saleId, boolean recorded, Long pointsEarned, Long availablePoints, Long pendingPoints,
                      String tier, String progressLine, List<String> vouchersUsed, String message) {
}
