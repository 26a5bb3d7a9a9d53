package io.punchcard.campaign.results;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * The sufficient statistics of one group (treated or held out) over a campaign's attribution window: everything
 * the results need, in five numbers, so that SQL can sum a million members and hand over a row
 * ({@code count(*), count(*) FILTER (WHERE bought), sum(revenue), sum(revenue::numeric * revenue), sum(visits)}).
 *
 * @param members             members in the group
 * @param conversions         of them, those who bought within the window
 * @param revenueMinor        the sum of their revenue, in minor units
 * @param revenueSquaredMinor the sum of the squares of each member's revenue; a {@link BigInteger} because a
 *                            million members spending a thousand each already overflows a {@code long}
 * @param visits              the sum of their visits
 */
public record GroupTotals(long members, long conversions, long revenueMinor, BigInteger revenueSquaredMinor,
                          long visits) {

    /** A group nobody is in, e.g. the held-out group of a campaign with no holdout. */
    public static final GroupTotals EMPTY = new GroupTotals(0, 0, 0, BigInteger.ZERO, 0);

    public GroupTotals {
        Objects.requireNonNull(revenueSquaredMinor, "revenueSquaredMinor");
        if (members < 0) {
            throw new IllegalArgumentException("members must be 0 or more, was " + members);
        }
        if (conversions < 0 || conversions > members) {
            throw new IllegalArgumentException("conversions must be 0 to members (" + members + "), was " + conversions);
        }
        if (visits < 0) {
            throw new IllegalArgumentException("visits must be 0 or more, was " + visits);
        }
        // n·Σx² ≥ (Σx)² for any real numbers (Cauchy–Schwarz): totals that break it were not summed from members.
        if (BigInteger.valueOf(members).multiply(revenueSquaredMinor).compareTo(square(revenueMinor)) < 0) {
            throw new IllegalArgumentException("revenueSquaredMinor (" + revenueSquaredMinor + ") is too small for "
                    + members + " members with revenue " + revenueMinor + ": these totals are inconsistent");
        }
    }

    /** The totals of these members' outcomes. */
    public static GroupTotals of(Iterable<MemberOutcome> outcomes) {
        long members = 0;
        long conversions = 0;
        long revenue = 0;
        BigInteger revenueSquared = BigInteger.ZERO;
        long visits = 0;
        for (MemberOutcome outcome : outcomes) {
            members++;
            conversions += outcome.bought() ? 1 : 0;
            revenue = Math.addExact(revenue, outcome.revenueMinor());
            revenueSquared = revenueSquared.add(square(outcome.revenueMinor()));
            visits = Math.addExact(visits, outcome.visits());
        }
        return new GroupTotals(members, conversions, revenue, revenueSquared, visits);
    }

    /** The share of members who bought, 0 to 1; only for a group with members. */
    double conversionRate() {
        return (double) conversions / members;
    }

    /** Revenue per member, in minor units; only for a group with members. */
    double revenuePerMember() {
        return (double) revenueMinor / members;
    }

    /** Visits per member; only for a group with members. */
    double visitsPerMember() {
        return (double) visits / members;
    }

    /**
     * The sample variance of revenue per member (divisor n − 1), for a group of two or more. Computed from the exact
     * integer n·Σx² − (Σx)², so the subtraction of two huge, nearly equal sums loses nothing.
     */
    double revenueVariance() {
        BigInteger n = BigInteger.valueOf(members);
        BigInteger numerator = n.multiply(revenueSquaredMinor).subtract(square(revenueMinor));
        BigInteger denominator = n.multiply(n.subtract(BigInteger.ONE));
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL64).doubleValue();
    }

    private static BigInteger square(long value) {
        BigInteger big = BigInteger.valueOf(value);
        return big.multiply(big);
    }
}
