package io.punchcard.pos.forward;

import java.util.List;
import java.util.UUID;

/**
 * What voiding an open sale must give back at the core, as kept in the outbox.
 *
 * @param memberId      the shopper the points were taken from (null when none were)
 * @param saleRef       the sale's reference at the core ({@code pos:S001:T1/0042}), under which vouchers are held
 * @param vouchers      codes of the vouchers held for it
 * @param redemptionIds ids of the points tenders taken for it
 */
public record VoidEntry(UUID memberId, String saleRef, List<String> vouchers, List<String> redemptionIds) {
}
