package io.punchcard.loyalty.points;

import java.util.List;

/**
 * What a basket earns, and why. A checkout quote shows it before the sale; the purchase records the same.
 *
 * @param eligibleMinor   spend that earns points: lines net of all discounts, excluded categories left out
 * @param qualifyingMinor spend that counts toward tiers (the eligible spend)
 * @param basePoints      the base rate applied to the eligible spend
 * @param tierCode        the member's tier the award was computed for
 * @param tierPoints      what the tier's multiplier added
 * @param rules           what each promotion added, in evaluation order
 * @param cappedBy        points taken off by the per-purchase cap
 * @param points          the total: base + tier + rules − cap
 * @param lineEligibleMinor each line's eligible spend, in the basket's order (0 for excluded lines); refunds
 *                        of lines are measured against it
 */
public record Award(long eligibleMinor, long qualifyingMinor, long basePoints, String tierCode, long tierPoints,
                    List<RulePoints> rules, long cappedBy, long points, List<Long> lineEligibleMinor) {

    public Award {
        rules = List.copyOf(rules);
        lineEligibleMinor = lineEligibleMinor == null ? List.of() : List.copyOf(lineEligibleMinor);
    }

    /** The points count as a receipt lists it: base, tier, each rule, the cap. */
    public List<io.punchcard.api.v1.PurchaseRecorded.PointsLine> breakdown() {
        List<io.punchcard.api.v1.PurchaseRecorded.PointsLine> lines = new java.util.ArrayList<>();
        lines.add(new io.punchcard.api.v1.PurchaseRecorded.PointsLine("base", basePoints));
        if (tierPoints > 0) {
            lines.add(new io.punchcard.api.v1.PurchaseRecorded.PointsLine("tier", tierPoints));
        }
        rules.forEach(r -> lines.add(new io.punchcard.api.v1.PurchaseRecorded.PointsLine(r.ruleId(), r.points())));
        if (cappedBy > 0) {
            lines.add(new io.punchcard.api.v1.PurchaseRecorded.PointsLine("cap", -cappedBy));
        }
        return lines;
    }

    /**
     * What one rule added.
     *
     * @param ruleId the rule's id, or {@code voucher} for a points multiplier voucher
     * @param points   the points it added (after its own cap)
     * @param campaign the campaign the rule belongs to, if any
     */
    public record RulePoints(String ruleId, long points, String campaign) {
    }
}
