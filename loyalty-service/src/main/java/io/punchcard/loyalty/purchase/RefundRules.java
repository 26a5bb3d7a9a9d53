package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;

/**
 * How much of a purchase a refund gives back, and how many points that takes back. The rule that keeps the
 * books straight: points reversed by all refunds of a purchase are {@code earned × refunded eligible / eligible},
 * rounded down, over the total refunded so far; each refund reverses the difference from what earlier refunds
 * reversed. So partial refunds add up to exactly the points earned when everything is returned, and never more.
 */
public final class RefundRules {

    private RefundRules() {
    }

    /**
     * A line as bought.
     *
     * @param sku           the item
     * @param quantity      how many were bought
     * @param eligibleMinor the line's eligible spend (0 when its category earns nothing)
     */
    public record BoughtLine(String sku, BigDecimal quantity, long eligibleMinor) {
    }

    /**
     * The eligible spend given back by returning {@code returned}, or why they cannot be returned. It is the
     * eligible spend of everything returned so far, earlier refunds included, less that of what earlier refunds
     * returned: each line rounds once over its cumulative quantity, so returning a line piece by piece gives back
     * exactly its eligible spend, not a cent more or less.
     *
     * @param bought         the purchase's lines
     * @param returned       the lines of this refund
     * @param returnedBefore quantities per SKU returned by earlier refunds
     */
    public static Checked<Long> eligibleOfLines(List<BoughtLine> bought, List<RecordRefund.ReturnedLine> returned,
                                                Map<String, BigDecimal> returnedBefore) {
        List<Violation> violations = new ArrayList<>();
        Map<String, BigDecimal> boughtQty = new HashMap<>();
        Map<String, Long> boughtEligible = new HashMap<>();
        for (BoughtLine line : bought) {
            boughtQty.merge(line.sku(), line.quantity(), BigDecimal::add);
            boughtEligible.merge(line.sku(), line.eligibleMinor(), Long::sum);
        }
        Map<String, BigDecimal> taken = new HashMap<>(returnedBefore);
        for (int i = 0; i < returned.size(); i++) {
            RecordRefund.ReturnedLine line = returned.get(i);
            String path = "lines[" + i + "]";
            if (line == null || line.sku() == null) {
                violations.add(new Violation(path + ".sku", "is required"));
                continue;
            }
            BigDecimal qty = boughtQty.get(line.sku());
            if (qty == null) {
                violations.add(new Violation(path + ".sku", "'" + line.sku() + "' was not bought in this purchase"));
                continue;
            }
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                violations.add(new Violation(path + ".quantity", "must be more than 0"));
                continue;
            }
            BigDecimal left = qty.subtract(taken.getOrDefault(line.sku(), BigDecimal.ZERO));
            if (line.quantity().compareTo(left) > 0) {
                violations.add(new Violation(path + ".quantity", "only " + left.stripTrailingZeros().toPlainString()
                        + " of '" + line.sku() + "' are left to return"));
                continue;
            }
            taken.merge(line.sku(), line.quantity(), BigDecimal::add);
        }
        return Checked.of(violations, () -> eligibleReturned(boughtQty, boughtEligible, taken)
                - eligibleReturned(boughtQty, boughtEligible, returnedBefore));
    }

    private static long eligibleReturned(Map<String, BigDecimal> boughtQty, Map<String, Long> boughtEligible,
                                         Map<String, BigDecimal> returned) {
        long eligible = 0;
        for (Map.Entry<String, BigDecimal> entry : returned.entrySet()) {
            BigDecimal qty = boughtQty.get(entry.getKey());
            if (qty == null || qty.signum() <= 0) {
                continue;
            }
            eligible += BigDecimal.valueOf(boughtEligible.get(entry.getKey())).multiply(entry.getValue().min(qty))
                    .divide(qty, 0, RoundingMode.HALF_UP).longValueExact();
        }
        return eligible;
    }

    /**
     * The eligible part of {@code amountMinor} refunded on a purchase that cost {@code totalMinor}, after earlier
     * refunds by amount gave back {@code refundedBeforeMinor}: the eligible part of the money refunded so far less
     * that of the money refunded before, so that refunding the whole price in parts gives back exactly the eligible
     * spend.
     */
    public static long eligibleOfAmount(long refundedBeforeMinor, long amountMinor, long totalMinor, long eligibleMinor) {
        if (totalMinor <= 0) {
            return 0;
        }
        return eligiblePart(refundedBeforeMinor + amountMinor, totalMinor, eligibleMinor)
                - eligiblePart(refundedBeforeMinor, totalMinor, eligibleMinor);
    }

    private static long eligiblePart(long amountMinor, long totalMinor, long eligibleMinor) {
        return BigInteger.valueOf(Math.min(amountMinor, totalMinor)).multiply(BigInteger.valueOf(eligibleMinor))
                .divide(BigInteger.valueOf(totalMinor)).longValueExact();
    }

    /**
     * Points this refund takes back.
     *
     * @param earned          points the purchase earned
     * @param eligible        its eligible spend
     * @param refundedBefore  eligible spend refunded before
     * @param refundedNow     eligible spend this refund gives back
     * @param reversedBefore  points earlier refunds took back
     */
    public static long pointsToReverse(long earned, long eligible, long refundedBefore, long refundedNow, long reversedBefore) {
        if (eligible <= 0 || earned <= 0) {
            return 0;
        }
        long refunded = Math.min(eligible, refundedBefore + refundedNow);
        long target = BigInteger.valueOf(earned).multiply(BigInteger.valueOf(refunded))
                .divide(BigInteger.valueOf(eligible)).longValueExact();
        return Math.max(0, target - reversedBefore);
    }
}
