package io.punchcard.api.v1;

import java.math.BigDecimal;

/**
 * One line of a sale.
 *
 * @param sku            the item
 * @param category       its category (rules and exclusions use it)
 * @param quantity       how many, or how much (up to three decimals for goods sold by weight)
 * @param unitPriceMinor price of one unit, minor currency units, before discounts
 * @param discountMinor  discount on this line
 */
public record PurchaseLine(String sku, String category, BigDecimal quantity, Long unitPriceMinor, Long discountMinor) {
}
