package io.punchcard.campaign.results;

import java.util.Objects;

/**
 * A campaign's results: its treated and held-out members compared over the attribution window, with the tests that
 * say whether the difference is more than chance, what it cost and what it returned. Every number is finite: a
 * value that cannot be computed is absent (null, left out of JSON) and a sentence beside it says why.
 *
 * @param verdict                   what the results say about revenue per member
 * @param summary                   the verdict in one or two plain sentences, for the console
 * @param confidencePercent         the confidence of every interval and test: 95
 * @param treated                   the members who got the campaign
 * @param heldOut                   the members held out of it
 * @param conversion                the two-proportion z-test of conversion; absent when it cannot be computed
 * @param conversionNotTested       why {@code conversion} is absent
 * @param revenue                   Welch's t-test of revenue per member; absent when it cannot be computed
 * @param revenueNotTested          why {@code revenue} is absent
 * @param incrementalRevenueMinor   revenue the campaign added: the difference per member times the treated members,
 *                                  in minor units; absent with {@code revenue}
 * @param cost                      what the campaign spent
 * @param returnOnInvestment        (incremental revenue − cost) / cost, as a ratio (1.5 is 150%); absent when
 *                                  undefined
 * @param returnOnInvestmentUndefined why {@code returnOnInvestment} is absent
 */
public record CampaignResults(Verdict verdict, String summary, int confidencePercent, Group treated, Group heldOut,
                              ConversionTest conversion, String conversionNotTested, RevenueTest revenue,
                              String revenueNotTested, Estimate incrementalRevenueMinor, Cost cost,
                              Estimate returnOnInvestment, String returnOnInvestmentUndefined) {

    public CampaignResults {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(treated, "treated");
        Objects.requireNonNull(heldOut, "heldOut");
        Objects.requireNonNull(cost, "cost");
        requireExactlyOne("conversion", conversion, conversionNotTested);
        requireExactlyOne("revenue", revenue, revenueNotTested);
        requireExactlyOne("returnOnInvestment", returnOnInvestment, returnOnInvestmentUndefined);
    }

    /**
     * One group's figures. The rates are absent for a group without members.
     *
     * @param members               members in the group
     * @param conversions           of them, those who bought in the window
     * @param conversionRate        conversions / members, 0 to 1
     * @param revenueMinor          their revenue in the window, in minor units
     * @param revenuePerMemberMinor revenue / members
     * @param visitsPerMember       visits / members
     */
    public record Group(long members, long conversions, Double conversionRate, long revenueMinor,
                        Double revenuePerMemberMinor, Double visitsPerMember) {

        public Group {
            requireFinite(conversionRate, revenuePerMemberMinor, visitsPerMember);
        }
    }

    /**
     * A value with its 95% confidence interval.
     *
     * @param value the estimate
     * @param low   the interval's lower end
     * @param high  the interval's upper end
     */
    public record Estimate(double value, double low, double high) {

        public Estimate {
            requireFinite(value, low, high);
            if (!(low <= value && value <= high)) {
                throw new IllegalArgumentException("An estimate lies within its interval: " + low + " <= " + value
                        + " <= " + high);
            }
        }
    }

    /**
     * The two-proportion z-test of conversion, treated minus held out.
     *
     * @param difference  the difference of the conversion rates (0.02 is two percentage points), with an interval
     *                    from the unpooled standard error
     * @param z           the test statistic, from the pooled standard error
     * @param pValue      two-sided
     * @param significant whether {@code pValue} is below 0.05
     */
    public record ConversionTest(Estimate difference, double z, double pValue, boolean significant) {

        public ConversionTest {
            Objects.requireNonNull(difference, "difference");
            requireFinite(z, pValue);
        }
    }

    /**
     * Welch's t-test of revenue per member, treated minus held out.
     *
     * @param differencePerMemberMinor the difference of the means, in minor units, with its interval
     * @param relativeDifference       that difference as a share of the held-out mean (0.2 is 20% more), its
     *                                 interval scaled the same way; absent when the held-out mean is not positive
     * @param t                        the test statistic
     * @param degreesOfFreedom         Welch–Satterthwaite
     * @param pValue                   two-sided
     * @param significant              whether {@code pValue} is below 0.05
     */
    public record RevenueTest(Estimate differencePerMemberMinor, Estimate relativeDifference, double t,
                              double degreesOfFreedom, double pValue, boolean significant) {

        public RevenueTest {
            Objects.requireNonNull(differencePerMemberMinor, "differencePerMemberMinor");
            requireFinite(t, degreesOfFreedom, pValue);
        }
    }

    /**
     * What the campaign spent, in whole minor units.
     *
     * @param pointsMinor   points granted times the value of a point
     * @param vouchersMinor voucher discounts used
     * @param messagesMinor messages sent times the cost of a message
     * @param totalMinor    the sum
     */
    public record Cost(long pointsMinor, long vouchersMinor, long messagesMinor, long totalMinor) {
    }

    private static void requireFinite(Double... values) {
        for (Double value : values) {
            if (value != null && !Double.isFinite(value)) {
                // JSON has no NaN or Infinity: a value that cannot be computed is left out, with a reason.
                throw new IllegalArgumentException("Results hold finite numbers only, was " + value);
            }
        }
    }

    private static void requireExactlyOne(String field, Object value, String reasonAbsent) {
        if ((value == null) == (reasonAbsent == null)) {
            throw new IllegalArgumentException(field + ": either a value or the reason it is absent, not "
                    + (value == null ? "neither" : "both"));
        }
    }
}
