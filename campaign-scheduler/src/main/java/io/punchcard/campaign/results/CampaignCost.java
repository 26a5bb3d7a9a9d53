package io.punchcard.campaign.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a campaign spent, as the engine counted it: points granted, voucher discounts members actually used, and
 * messages sent, with what a point and a message are worth. Values of a point or a message may be fractions of a
 * minor unit (a point worth half a cent), hence {@link BigDecimal}.
 *
 * @param pointsGranted         points the campaign granted to treated members
 * @param pointValueMinor       what one point costs the retailer, in minor units, 0 or more
 * @param voucherDiscountsMinor discounts given by the campaign's vouchers that were redeemed, in minor units
 * @param messagesSent          messages the campaign sent
 * @param costPerMessageMinor   what one message costs, in minor units, 0 or more
 */
public record CampaignCost(long pointsGranted, BigDecimal pointValueMinor, long voucherDiscountsMinor,
                           long messagesSent, BigDecimal costPerMessageMinor) {

    /** A campaign that cost nothing (or whose cost was not recorded). */
    public static final CampaignCost NONE = new CampaignCost(0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);

    public CampaignCost {
        Objects.requireNonNull(pointValueMinor, "pointValueMinor");
        Objects.requireNonNull(costPerMessageMinor, "costPerMessageMinor");
        requireNotNegative("pointsGranted", BigDecimal.valueOf(pointsGranted));
        requireNotNegative("pointValueMinor", pointValueMinor);
        requireNotNegative("voucherDiscountsMinor", BigDecimal.valueOf(voucherDiscountsMinor));
        requireNotNegative("messagesSent", BigDecimal.valueOf(messagesSent));
        requireNotNegative("costPerMessageMinor", costPerMessageMinor);
    }

    /** The cost split by kind, each rounded to whole minor units (half up), and their sum. */
    CampaignResults.Cost breakdown() {
        long points = wholeMinor(pointValueMinor.multiply(BigDecimal.valueOf(pointsGranted)));
        long messages = wholeMinor(costPerMessageMinor.multiply(BigDecimal.valueOf(messagesSent)));
        return new CampaignResults.Cost(points, voucherDiscountsMinor, messages,
                Math.addExact(Math.addExact(points, voucherDiscountsMinor), messages));
    }

    private static long wholeMinor(BigDecimal minor) {
        return minor.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void requireNotNegative(String field, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be 0 or more, was " + value.toPlainString());
        }
    }
}
