package io.punchcard.campaign.engine;

import java.time.Instant;

import io.punchcard.campaign.results.GroupTotals;

/**
 * What members did after a campaign acted on them (or held them out), from the read model: the numbers its
 * results are computed from.
 */
public interface CampaignOutcomes {

    /**
     * Each group's totals over the attribution window: purchases within {@code attributionDays} after each
     * effect was due (after {@code asOf}: not yet), per effect.
     *
     * @param treated effects done
     * @param heldOut effects held out
     */
    record Groups(GroupTotals treated, GroupTotals heldOut) {
    }

    Groups groups(String campaign, int attributionDays, Instant asOf);

    /**
     * What a campaign gave away.
     *
     * @param points                points granted by its effects and by its earning rule at the tills
     * @param voucherDiscountsMinor discounts its vouchers gave on the sales they were used on
     * @param emails                its e-mails handed to a provider
     * @param sms                   its text messages handed to a provider
     */
    record Spend(long points, long voucherDiscountsMinor, long emails, long sms) {
    }

    /**
     * What things cost the retailer, to put a campaign's spend in money.
     *
     * @param pointValueMinor what a point is worth, in minor units (may be a fraction)
     * @param emailMinor      one e-mail
     * @param smsMinor        one text message
     */
    record CostRates(java.math.BigDecimal pointValueMinor, java.math.BigDecimal emailMinor,
                     java.math.BigDecimal smsMinor) {

        /** The campaign's cost at these rates. */
        public io.punchcard.campaign.results.CampaignCost cost(Spend spend) {
            long messages = spend.emails() + spend.sms();
            java.math.BigDecimal messagesMinor = emailMinor.multiply(java.math.BigDecimal.valueOf(spend.emails()))
                    .add(smsMinor.multiply(java.math.BigDecimal.valueOf(spend.sms())));
            java.math.BigDecimal perMessage = messages == 0 ? java.math.BigDecimal.ZERO
                    : messagesMinor.divide(java.math.BigDecimal.valueOf(messages), java.math.MathContext.DECIMAL64);
            return new io.punchcard.campaign.results.CampaignCost(spend.points(), pointValueMinor,
                    spend.voucherDiscountsMinor(), messages, perMessage);
        }
    }

    Spend spend(String campaign);
}
