package io.punchcard.campaign.results;

import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import io.punchcard.campaign.results.CampaignResults.ConversionTest;
import io.punchcard.campaign.results.CampaignResults.Estimate;
import io.punchcard.campaign.results.CampaignResults.Group;
import io.punchcard.campaign.results.CampaignResults.RevenueTest;

/**
 * Computes a campaign's results from the totals of its treated and held-out groups: a pure function, the same for
 * totals summed in SQL over a million members and for a test's handful. The formulas are in docs/campaigns.md,
 * "How results are computed".
 *
 * <p>The verdict is about revenue per member (Welch's t-test), because revenue is what the return on investment is
 * made of; conversion is tested beside it (a two-proportion z-test) and reported, not folded into the verdict.
 */
public final class Results {

    /**
     * Fewer members than this in a group and nothing is tested: both tests lean on the central limit theorem, and
     * 30 is the usual floor below which its normal approximation cannot be trusted for skewed spend.
     */
    public static final int MIN_MEMBERS_PER_GROUP = 30;
    /** The confidence of every interval; a test is significant when its two-sided p-value is below 1 − this. */
    public static final int CONFIDENCE_PERCENT = 95;

    private static final double ALPHA = 1 - CONFIDENCE_PERCENT / 100.0;
    // No random generator: the distributions are only asked for probabilities, never for samples.
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z_CRITICAL = STANDARD_NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);

    private Results() {
    }

    /** The results of a campaign whose groups add up to these totals and which cost this much. */
    public static CampaignResults compare(GroupTotals treated, GroupTotals heldOut, CampaignCost cost) {
        Objects.requireNonNull(treated, "treated");
        Objects.requireNonNull(heldOut, "heldOut");
        CampaignResults.Cost spent = cost.breakdown();
        Group treatedGroup = group(treated);
        Group heldOutGroup = group(heldOut);

        String tooFew = tooFew(treated, heldOut);
        if (tooFew != null) {
            return new CampaignResults(Verdict.TOO_FEW_MEMBERS, "Too few members to tell: " + tooFew,
                    CONFIDENCE_PERCENT, treatedGroup, heldOutGroup, null, tooFew, null, tooFew, null, spent, null,
                    "the incremental revenue could not be estimated: " + tooFew);
        }
        ConversionTest conversion = conversionTest(treated, heldOut);
        String conversionNotTested = conversion == null ? conversionNotTested(treated, heldOut) : null;
        String noSpread = noSpread(treated, heldOut);
        if (noSpread != null) {
            return new CampaignResults(Verdict.TOO_FEW_MEMBERS, "Too few members to tell: " + noSpread,
                    CONFIDENCE_PERCENT, treatedGroup, heldOutGroup, conversion, conversionNotTested, null, noSpread,
                    null, spent, null, "the incremental revenue could not be estimated: " + noSpread);
        }

        RevenueTest revenue = welch(treated, heldOut);
        Estimate perMember = revenue.differencePerMemberMinor();
        double n = treated.members();
        Estimate incremental = new Estimate(perMember.value() * n, perMember.low() * n, perMember.high() * n);
        Estimate roi = null;
        String roiUndefined = null;
        if (spent.totalMinor() == 0) {
            roiUndefined = "the campaign recorded no cost, and a return on nothing is undefined";
        } else {
            double c = spent.totalMinor();
            roi = new Estimate((incremental.value() - c) / c, (incremental.low() - c) / c, (incremental.high() - c) / c);
        }
        Verdict verdict = !revenue.significant() ? Verdict.NOT_SIGNIFICANT
                : perMember.value() > 0 ? Verdict.SIGNIFICANT_UPLIFT : Verdict.SIGNIFICANT_DROP;
        return new CampaignResults(verdict, summary(verdict, revenue), CONFIDENCE_PERCENT, treatedGroup, heldOutGroup,
                conversion, conversionNotTested, revenue, null, incremental, spent, roi, roiUndefined);
    }

    private static Group group(GroupTotals totals) {
        if (totals.members() == 0) {
            return new Group(0, 0, null, totals.revenueMinor(), null, null);
        }
        return new Group(totals.members(), totals.conversions(), totals.conversionRate(), totals.revenueMinor(),
                totals.revenuePerMember(), totals.visitsPerMember());
    }

    private static String tooFew(GroupTotals treated, GroupTotals heldOut) {
        if (treated.members() >= MIN_MEMBERS_PER_GROUP && heldOut.members() >= MIN_MEMBERS_PER_GROUP) {
            return null;
        }
        return "%d treated and %d held out members; each group needs at least %d.".formatted(treated.members(),
                heldOut.members(), MIN_MEMBERS_PER_GROUP);
    }

    private static String noSpread(GroupTotals treated, GroupTotals heldOut) {
        if (treated.revenueVariance() > 0 || heldOut.revenueVariance() > 0) {
            return null;
        }
        return "every member's revenue in the window was the same (%s), so there is no spread to test against."
                .formatted(treated.revenueMinor() == 0 && heldOut.revenueMinor() == 0 ? "nobody spent anything"
                        : "no member's differed from another's in either group");
    }

    /**
     * Two-proportion z-test: z from the pooled standard error (the one that holds if the rates are equal), the
     * interval from the unpooled one (the one that holds around the observed rates).
     */
    private static ConversionTest conversionTest(GroupTotals treated, GroupTotals heldOut) {
        double n1 = treated.members();
        double n2 = heldOut.members();
        double pooled = (treated.conversions() + heldOut.conversions()) / (n1 + n2);
        if (pooled == 0 || pooled == 1) {
            return null;
        }
        double p1 = treated.conversionRate();
        double p2 = heldOut.conversionRate();
        double difference = p1 - p2;
        double z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        double margin = Z_CRITICAL * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new ConversionTest(new Estimate(difference, difference - margin, difference + margin), z, p, p < ALPHA);
    }

    private static String conversionNotTested(GroupTotals treated, GroupTotals heldOut) {
        return treated.conversions() == 0 && heldOut.conversions() == 0
                ? "nobody in either group bought in the window, so there is no difference in conversion to test."
                : "every member of both groups bought in the window, so there is no difference in conversion to test.";
    }

    /** Welch's t-test: unequal variances, Welch–Satterthwaite degrees of freedom. */
    private static RevenueTest welch(GroupTotals treated, GroupTotals heldOut) {
        double n1 = treated.members();
        double n2 = heldOut.members();
        double v1 = treated.revenueVariance() / n1;
        double v2 = heldOut.revenueVariance() / n2;
        double standardError = Math.sqrt(v1 + v2);
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        double difference = treated.revenuePerMember() - heldOut.revenuePerMember();
        double t = difference / standardError;
        TDistribution distribution = new TDistribution(null, df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
        double p = 2 * distribution.cumulativeProbability(-Math.abs(t));
        double margin = distribution.inverseCumulativeProbability(1 - ALPHA / 2) * standardError;
        Estimate absolute = new Estimate(difference, difference - margin, difference + margin);
        double heldOutMean = heldOut.revenuePerMember();
        // Relative to the held-out mean taken as known: the interval leaves out that mean's own uncertainty.
        Estimate relative = heldOutMean > 0
                ? new Estimate(difference / heldOutMean, absolute.low() / heldOutMean, absolute.high() / heldOutMean)
                : null;
        return new RevenueTest(absolute, relative, t, df, p, p < ALPHA);
    }

    private static String summary(Verdict verdict, RevenueTest revenue) {
        if (verdict == Verdict.NOT_SIGNIFICANT) {
            return "Not significant: the difference could be chance. Treated members bought " + difference(revenue)
                    + String.format(Locale.ROOT, ", p = %.2f.", revenue.pValue());
        }
        return "Treated members bought " + difference(revenue) + "; significant at " + CONFIDENCE_PERCENT + "%.";
    }

    /** "21% more per member (± 6%)", or in minor units when the held-out members spent nothing to compare with. */
    private static String difference(RevenueTest revenue) {
        Estimate relative = revenue.relativeDifference();
        if (relative != null) {
            return "%s%% %s per member (± %s%%)".formatted(number(Math.abs(relative.value()) * 100),
                    moreOrLess(relative.value()), number((relative.high() - relative.low()) / 2 * 100));
        }
        Estimate absolute = revenue.differencePerMemberMinor();
        return "%s %s per member in minor units of the currency (± %s)".formatted(number(Math.abs(absolute.value())),
                moreOrLess(absolute.value()), number((absolute.high() - absolute.low()) / 2));
    }

    private static String moreOrLess(double difference) {
        return difference < 0 ? "less" : "more";
    }

    /** Whole numbers with thousands separated, but one decimal for small ones so "± 0.4%" does not read "± 0%". */
    private static String number(double value) {
        return String.format(Locale.ROOT, value < 1 ? "%.1f" : "%,.0f", value);
    }
}
