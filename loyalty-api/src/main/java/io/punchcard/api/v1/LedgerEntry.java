package io.punchcard.api.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a member's points ledger, as {@code GET /api/v1/members/{id}/ledger} answers it. Entries are never
 * changed or removed; a correction is a further entry.
 *
 * @param id         its id, increasing in the order entries were written (the ledger's paging key)
 * @param kind       EARN, BONUS, REDEEM, EXPIRE, ADJUST, REVERSE or MERGE
 * @param points     how many points it adds (negative: takes)
 * @param reason     why, in the words of whoever wrote it (a staff adjustment's reason, a campaign, a purchase)
 * @param purchaseId the purchase it is for, if any
 * @param actor      who wrote it (a key, a member of staff, a job)
 * @param at         when
 */
public record LedgerEntry(long id, String kind, long points, String reason, UUID purchaseId, String actor, Instant at) {
}
