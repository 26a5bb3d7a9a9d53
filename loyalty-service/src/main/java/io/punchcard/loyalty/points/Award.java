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
 */
public record Award(long eligibleMinor, long qualifyingMinor, long basePoints, String tierCode, long tierPoints,
                    List<RulePoints> rules, long cappedBy, long points) {

    public Award {
        rules = List.copyOf(rules);
    }

    /**
     * What one rule added.
     *
     * @param ruleId the rule's id, or {@code voucher} for a points multiplier voucher
     * @param points the points it added (after its own cap)
     */
    public record RulePoints(String ruleId, long points) {
    }
}
