package io.punchcard.loyalty.purchase;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.tier.TierRules;

/**
 * What recording one sale comes to, decided before anything is written: its points, when they can be spent and
 * expire, the tier it lifts the member to, and the answer. Single sales and batches both write what this decides.
 *
 * <p>A history sale (a sale made before the chain moved to Punchcard, imported) is kept as a purchase like any
 * other — spend, eligible and qualifying amounts, member, store, channel — so KPIs and analytics see it, but it
 * earns nothing: no points, hence no lot and no ledger entry (and {@link PurchaseRequests} lets it use no
 * voucher). It counts toward its member's tier exactly when it falls inside the qualifying window, as every
 * purchase does: one of last month can lift a member at once, one of 2017 never counts. Under a ladder based on
 * points earned, a history sale counts for nothing, having earned none.
 *
 * @param purchaseId  the id the purchase gets
 * @param award       the evaluator's award: the amounts, and the points a live sale earns
 * @param points      what the member earns: 0 for an anonymous or a history sale
 * @param availableAt when they can be spent
 * @param expiresAt   when they expire
 * @param upgrade     the tier the sale lifts the member to, if any
 * @param result      the answer
 */
public record Sale(UUID purchaseId, Award award, long points, Instant availableAt, Instant expiresAt,
                   Optional<Tier> upgrade, PurchaseRecorded result) {

    /**
     * @param memberId         the member credited, null for an anonymous sale
     * @param tierCode         their tier now (ignored when anonymous)
     * @param qualifyingBefore their qualifying spend (or points) over the window, before this sale
     * @param used             voucher codes used on the sale
     * @param now              the time of recording, which places the qualifying window
     */
    public static Sale of(Program program, PurchaseInput input, UUID memberId, String tierCode, Award award,
                          long qualifyingBefore, List<String> used, UUID purchaseId, Instant now) {
        TierLadder ladder = program.tiers();
        Instant availableAt = input.occurredAt().plus(program.pending().pendingFor(input.basket().channel()));
        Instant expiresAt = input.occurredAt().atOffset(ZoneOffset.UTC).plusMonths(program.expiry().months()).toInstant();
        boolean earns = memberId != null && !input.history();
        long points = earns ? award.points() : 0;
        Optional<Tier> upgrade = Optional.empty();
        String tierAfter = null;
        if (memberId != null) {
            tierAfter = ladder.byCode(tierCode).code();
            long qualifying = qualifyingBefore + qualifying(ladder, input, award.qualifyingMinor(), points, now);
            upgrade = TierRules.upgrade(ladder, tierCode, qualifying);
            if (upgrade.isPresent()) {
                tierAfter = upgrade.get().code();
            }
        }
        PurchaseRecorded result = new PurchaseRecorded(purchaseId, memberId, points, award.eligibleMinor(),
                points > 0 ? availableAt : null, points > 0 ? expiresAt : null, tierAfter,
                earns ? award.breakdown() : List.of(), used, input.history() ? Boolean.TRUE : null);
        return new Sale(purchaseId, award, points, availableAt, expiresAt, upgrade, result);
    }

    /** This sale's contribution to its member's qualifying total over the window ending {@code now}. */
    public long qualifying(TierLadder ladder, PurchaseInput input, Instant now) {
        return qualifying(ladder, input, award.qualifyingMinor(), points, now);
    }

    private static long qualifying(TierLadder ladder, PurchaseInput input, long qualifyingMinor, long points,
                                   Instant now) {
        if (!input.occurredAt().isAfter(TierRules.windowStart(ladder, now))) {
            return 0;
        }
        return ladder.basis() == TierLadder.Basis.SPEND ? qualifyingMinor : points;
    }
}
