package io.punchcard.pos.forward;

import java.time.Instant;
import java.util.List;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;

/**
 * A return without a receipt, as kept in the outbox: the core has no sale to refund, so the points these items
 * earn on their own are taken back from the shopper by an adjustment whose id is the return's.
 *
 * @param source     the till
 * @param returnId   the till's id of the return
 * @param member     the shopper
 * @param lines      the items, priced
 * @param occurredAt when
 */
public record UnlinkedReturn(PurchaseSource source, String returnId, MemberRef member, List<PurchaseLine> lines,
                             Instant occurredAt) {
}
