package io.punchcard.loyalty.points;

import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.purchase.Basket;

/**
 * The checkout quote: the tier's discount on the basket, and the points the sale earns once that discount is
 * applied. The points come from the same {@link Evaluator} as the recorded purchase's.
 */
public final class Checkout {

    private Checkout() {
    }

    /**
     * @param tierDiscountMinor the tier's discount on the eligible spend
     * @param award             what the basket earns with that discount applied
     */
    public record Priced(long tierDiscountMinor, Award award) {
    }

    /** Prices {@code basket} for a member of {@code tier}. */
    public static Priced quote(Program program, Basket basket, Tier tier) {
        if (tier.discountPercent() == 0) {
            // Most members' tier gives no discount: one evaluation prices the basket.
            return new Priced(0, Evaluator.evaluate(program, basket, tier));
        }
        // The discount is off the price, whatever pays for the rest: measured before points paid as a tender.
        long discount = Evaluator.evaluate(program, basket.withPointsTender(0), tier).eligibleMinor()
                * tier.discountPercent() / 100;
        return new Priced(discount, Evaluator.evaluate(program, basket.withMoreDiscount(discount), tier));
    }
}
