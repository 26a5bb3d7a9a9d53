package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of a basket.
 *
 * @param sku            the item
 * @param category       its category, for rules and exclusions (gift cards earn nothing)
 * @param quantity       how many, or how much for goods sold by weight (at most three decimals)
 * @param unitPriceMinor price of one unit in minor currency units, before discounts
 * @param discountMinor  discount on this line in minor units
 */
public record Line(String sku, String category, BigDecimal quantity, long unitPriceMinor, long discountMinor) {

    /** What the line costs after its own discount, never below zero. */
    public long netMinor() {
        long gross = quantity.multiply(BigDecimal.valueOf(unitPriceMinor)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Math.max(0, gross - discountMinor);
    }
}
