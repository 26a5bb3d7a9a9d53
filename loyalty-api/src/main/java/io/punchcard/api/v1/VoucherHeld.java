package io.punchcard.api.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * A voucher held for a sale until it is committed, released, or the hold runs out. Holding it again for the same
 * sale while the hold lasts gets this same answer (with 200 instead of 201).
 *
 * @param reservationId the core's id of the hold
 * @param heldUntil     when the hold runs out
 */
public record VoucherHeld(UUID reservationId, Instant heldUntil) {
}
