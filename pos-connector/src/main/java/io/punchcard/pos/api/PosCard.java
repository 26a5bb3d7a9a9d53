package io.punchcard.pos.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The member card a till shows after a scan: who (surname masked), tier, points, vouchers. While the core is out
 * of reach the card is the last one this store saw, with {@code stale} set and its age.
 *
 * @param memberId            the member
 * @param displayName         given name and the surname's initial
 * @param tier                tier code
 * @param tierName            tier name
 * @param tierDiscountPercent the tier's discount at checkout
 * @param availablePoints     what can be spent now (negative while points are owed)
 * @param pendingPoints       earned but not yet spendable
 * @param vouchers            codes of the vouchers usable now
 * @param progressLine        a line for the screen or receipt: how far to the next tier
 * @param stale               true when this is a remembered card, the core being out of reach
 * @param asOf                when the core computed it
 * @param ageSeconds          how old it is (0 when fresh)
 */
public record PosCard(UUID memberId, String displayName, String tier, String tierName, int tierDiscountPercent,
                      long availablePoints, long pendingPoints, List<String> vouchers, String progressLine,
                      boolean stale, Instant asOf, long ageSeconds) {
}
