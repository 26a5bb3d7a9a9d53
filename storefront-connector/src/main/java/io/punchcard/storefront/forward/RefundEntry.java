package io.punchcard.storefront.forward;

import io.punchcard.api.v1.RecordRefund;

/**
 * A refund as the outbox keeps it.
 *
 * @param refund         the refund: by the items returned, or by amount
 * @param fallbackAmount for a refund by items, the money it gave back: when the core does not know those items on
 *                       the purchase (an item added by an order edit), the refund is recorded by this amount instead
 *                       of not at all; null for a refund by amount
 */
public record RefundEntry(RecordRefund refund, Long fallbackAmount) {
}
