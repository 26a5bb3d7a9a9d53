package io.punchcard.campaign.results;

/**
 * What one member did in a campaign's attribution window: the input of {@link GroupTotals#of} when the outcomes
 * are at hand one by one (tests, small campaigns); large campaigns hand over {@link GroupTotals} summed in SQL.
 *
 * @param bought       whether they bought within the window
 * @param revenueMinor what they spent in the window, net of refunds, in the currency's smallest unit; may be
 *                     negative when refunds outweigh purchases
 * @param visits       their visits in the window, 0 or more
 */
public record MemberOutcome(boolean bought, long revenueMinor, long visits) {

    public MemberOutcome {
        if (visits < 0) {
            throw new IllegalArgumentException("visits must be 0 or more, was " + visits);
        }
    }
}
