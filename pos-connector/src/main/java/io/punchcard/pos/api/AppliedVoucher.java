package io.punchcard.pos.api;

import java.time.Instant;

/**
 * A voucher held for the open sale; quote the sale to see what it takes off.
 *
 * @param code      its code
 * @param name      what it is called
 * @param kind      AMOUNT_OFF, PERCENT_OFF, FREE_ITEM or POINTS_MULTIPLIER
 * @param heldUntil when the hold runs out if the sale is neither finished nor voided
 */
public record AppliedVoucher(String code, String name, String kind, Instant heldUntil) {
}
