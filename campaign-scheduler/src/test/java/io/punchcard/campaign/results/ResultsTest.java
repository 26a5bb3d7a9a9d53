package io.punchcard.campaign.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.Json;
import io.punchcard.campaign.results.CampaignResults.Estimate;

/**
 * A campaign's results as the console shows them: the tests give the textbook numbers, a real uplift is found and
 * its interval holds the truth, no difference reads "not significant", and what cannot be computed is said, never
 * NaN.
 */
class ResultsTest {

    private static final CampaignCost COST = new CampaignCost(200_000, new BigDecimal("0.5"), 500_000, 20_000,
            new BigDecimal("3"));

    @Test
    void conversionIsTestedWithTheTwoProportionZTest() {
        // 42% of 1,000 treated against 38% of 1,000 held out. Reference (scipy 1.17.1): z and p from the formula with
        // scipy.stats.norm, p checked again with scipy.stats.chi2_contingency(correction=False), whose chi² = z² = 3.333.
        GroupTotals treated = buyersSpending(1_000, 420, 1_000);
        GroupTotals heldOut = buyersSpending(1_000, 380, 1_000);

        CampaignResults.ConversionTest conversion = Results.compare(treated, heldOut, COST).conversion();

        assertEquals(1.8257418583505527, conversion.z(), 1e-12);
        assertEquals(0.06788915486182878, conversion.pValue(), 1e-12);
        assertEquals(0.04, conversion.difference().value(), 1e-12);
        assertEquals(-0.0029048606439483343, conversion.difference().low(), 1e-9);
        assertEquals(0.0829048606439483, conversion.difference().high(), 1e-9);
        assertFalse(conversion.significant(), "p = 0.068 is not below 0.05");
    }

    @Test
    void revenueIsTestedWithWelchsTTest() {
        // Reference: scipy.stats.ttest_ind(a, b, equal_var=False) (scipy 1.17.1) on these same members, with
        // a = [(i*37) % 1000 for i in range(40)], b = [(i*29) % 500 for i in range(45)]; its confidence_interval(0.95).
        CampaignResults results = Results.compare(GroupTotals.of(spending(40, i -> (i * 37) % 1000)),
                GroupTotals.of(spending(45, i -> (i * 29) % 500)), COST);

        CampaignResults.RevenueTest revenue = results.revenue();
        assertEquals(3.8537288771895097, revenue.t(), 1e-9);
        assertEquals(55.55791078708329, revenue.degreesOfFreedom(), 1e-9);
        assertEquals(0.000303943382292574, revenue.pValue(), 1e-10);
        assertEquals(194.61111111111111, revenue.differencePerMemberMinor().value(), 1e-9);
        assertEquals(93.43083015187467, revenue.differencePerMemberMinor().low(), 1e-6);
        assertEquals(295.79139207034757, revenue.differencePerMemberMinor().high(), 1e-6);
        assertEquals(Verdict.SIGNIFICANT_UPLIFT, results.verdict());
        // 194.6 on a held-out mean of 226.9 is 86% more; the interval's half-width of 101.2 is 45% of it.
        assertEquals("Treated members bought 86% more per member (± 45%); significant at 95%.", results.summary());
        assertEquals(194.61111111111111 * 40, results.incrementalRevenueMinor().value(), 1e-6);
    }

    @Test
    void aDifferenceChanceExplainsIsNotSignificant() {
        // scipy: ttest_ind([(i*37) % 1000 for i in range(40)], [(i*53) % 900 for i in range(35)], equal_var=False)
        CampaignResults results = Results.compare(GroupTotals.of(spending(40, i -> (i * 37) % 1000)),
                GroupTotals.of(spending(35, i -> (i * 53) % 900)), COST);

        assertEquals(0.140567157700383, results.revenue().t(), 1e-9);
        assertEquals(72.70569196262527, results.revenue().degreesOfFreedom(), 1e-9);
        assertEquals(0.8886006107712034, results.revenue().pValue(), 1e-9);
        assertEquals(-119.55437834917771, results.revenue().differencePerMemberMinor().low(), 1e-6);
        assertEquals(137.69723549203482, results.revenue().differencePerMemberMinor().high(), 1e-6);
        assertEquals(Verdict.NOT_SIGNIFICANT, results.verdict());
        assertEquals("Not significant: the difference could be chance. Treated members bought 2% more per member"
                + " (± 31%), p = 0.89.", results.summary());
    }

    @Test
    void treatedMembersWhoBuyTwentyPercentMoreAreFoundWithTheTrueUpliftInTheInterval() {
        // 36% of treated members buy against 30% held out, with the same spend when they do: 20% more per member,
        // 300 minor units on a true mean of 1,500.
        CampaignResults results = campaign(2026, 0.36, 0.30);

        assertEquals(Verdict.SIGNIFICANT_UPLIFT, results.verdict(), results.summary());
        assertTrue(results.summary().startsWith("Treated members bought "), results.summary());
        assertTrue(results.summary().endsWith("; significant at 95%."), results.summary());
        assertContains(results.revenue().differencePerMemberMinor(), TRUE_MEAN_SPEND * 0.06);
        assertContains(results.revenue().relativeDifference(), 0.2);
        assertContains(results.incrementalRevenueMinor(), TRUE_MEAN_SPEND * 0.06 * 20_000);
        assertTrue(results.conversion().significant());
        assertContains(results.conversion().difference(), 0.06);
        // Cost: 200,000 points at half a minor unit, 500,000 of vouchers, 20,000 messages at 3.
        assertEquals(new CampaignResults.Cost(100_000, 500_000, 60_000, 660_000), results.cost());
        Estimate roi = results.returnOnInvestment();
        Estimate incremental = results.incrementalRevenueMinor();
        assertEquals((incremental.value() - 660_000) / 660_000, roi.value(), 1e-12);
        assertEquals((incremental.low() - 660_000) / 660_000, roi.low(), 1e-12);
        assertEquals((incremental.high() - 660_000) / 660_000, roi.high(), 1e-12);
        assertTrue(roi.low() > 0, "the campaign paid for itself: " + roi);
    }

    @Test
    void treatedMembersWhoBuyNoMoreAreNotSignificant() {
        CampaignResults results = campaign(2027, 0.30, 0.30);

        assertEquals(Verdict.NOT_SIGNIFICANT, results.verdict());
        assertTrue(results.summary().startsWith("Not significant: the difference could be chance."), results.summary());
        assertContains(results.revenue().differencePerMemberMinor(), 0);
        assertTrue(results.returnOnInvestment().low() < 0, "a campaign that changed nothing may have lost its cost");
    }

    @Test
    void overManyCampaignsTheTestIsWrongAboutFivePercentOfTheTimeAndTheIntervalHoldsTheTruthNinetyFive() {
        Random random = new Random(42);
        int trials = 200;
        int falseAlarms = 0;
        int intervalsHoldingTheTruth = 0;
        for (int trial = 0; trial < trials; trial++) {
            GroupTotals heldOut = GroupTotals.of(history(random, 2_000, 0.30));
            falseAlarms += Results.compare(GroupTotals.of(history(random, 2_000, 0.30)), heldOut, COST)
                    .verdict() == Verdict.NOT_SIGNIFICANT ? 0 : 1;
            Estimate uplift = Results.compare(GroupTotals.of(history(random, 2_000, 0.36)), heldOut, COST)
                    .revenue().differencePerMemberMinor();
            intervalsHoldingTheTruth += uplift.low() <= TRUE_MEAN_SPEND * 0.06 && TRUE_MEAN_SPEND * 0.06 <= uplift.high()
                    ? 1 : 0;
        }
        // Binomial(200, 0.05): 10 expected, outside 2..22 with a chance under 0.1%; a test that ignored the spread
        // (or used a one-sided p) would land far outside.
        assertTrue(falseAlarms >= 2 && falseAlarms <= 22, falseAlarms + " false alarms in " + trials);
        // Binomial(200, 0.95): 190 expected, standard deviation 3.1.
        assertTrue(intervalsHoldingTheTruth >= 180, intervalsHoldingTheTruth + " intervals of " + trials);
    }

    @Test
    void treatedMembersWhoBuyLessAreASignificantDrop() {
        CampaignResults results = campaign(7, 0.24, 0.30);

        assertEquals(Verdict.SIGNIFICANT_DROP, results.verdict());
        assertTrue(results.summary().matches("Treated members bought \\d+% less per member \\(± \\d+(\\.\\d)?%\\);"
                + " significant at 95%\\."), results.summary());
        assertTrue(results.incrementalRevenueMinor().high() < 0);
    }

    @Test
    void tooFewMembersInAGroupTestNothingAndSaySo() {
        CampaignResults results = Results.compare(GroupTotals.of(spending(1_000, i -> i % 7 * 100)),
                GroupTotals.of(spending(29, i -> i % 5 * 100)), COST);

        assertEquals(Verdict.TOO_FEW_MEMBERS, results.verdict());
        assertEquals("Too few members to tell: 1000 treated and 29 held out members; each group needs at least 30.",
                results.summary());
        assertNull(results.revenue());
        assertNull(results.conversion());
        assertNull(results.returnOnInvestment());
        assertNotNull(results.revenueNotTested());
        assertEquals(29, results.heldOut().members());
        JsonNode json = Json.mapper().valueToTree(results);
        assertFalse(json.has("revenue") || json.has("incrementalRevenueMinor") || json.has("returnOnInvestment"), json::toString);
        assertTrue(json.get("returnOnInvestmentUndefined").asText().contains("29 held out"), json::toString);
    }

    @Test
    void aCampaignWithoutAHoldoutHasNoHeldOutRatesRatherThanNaN() {
        CampaignResults results = Results.compare(GroupTotals.of(spending(500, i -> i % 7 * 100)), GroupTotals.EMPTY,
                COST);

        assertEquals(Verdict.TOO_FEW_MEMBERS, results.verdict());
        String json = Json.write(results);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertEquals("{\"members\":0,\"conversions\":0,\"revenueMinor\":0}",
                Json.mapper().valueToTree(results).get("heldOut").toString());
    }

    @Test
    void nobodyBuyingAnythingIsTooLittleToTellAndSaysWhy() {
        CampaignResults results = Results.compare(GroupTotals.of(spending(1_000, i -> 0)),
                GroupTotals.of(spending(100, i -> 0)), COST);

        assertEquals(Verdict.TOO_FEW_MEMBERS, results.verdict());
        assertEquals("Too few members to tell: every member's revenue in the window was the same (nobody spent "
                + "anything), so there is no spread to test against.", results.summary());
        assertEquals("nobody in either group bought in the window, so there is no difference in conversion to test.",
                results.conversionNotTested());
        assertEquals(0.0, results.treated().conversionRate());
        assertCleanJson(results);
    }

    @Test
    void everyoneBuyingLeavesConversionUntestedButRevenueTested() {
        CampaignResults results = Results.compare(GroupTotals.of(buyers(200, i -> 1_000 + i % 10 * 150)),
                GroupTotals.of(buyers(100, i -> 1_000 + i % 10 * 100)), COST);

        assertNull(results.conversion());
        assertEquals("every member of both groups bought in the window, so there is no difference in conversion to test.",
                results.conversionNotTested());
        assertEquals(1.0, results.treated().conversionRate());
        assertNotNull(results.revenue());
        assertCleanJson(results);
    }

    @Test
    void heldOutMembersWhoSpentNothingGiveTheUpliftInMinorUnitsNotAPercentOfZero() {
        CampaignResults results = Results.compare(GroupTotals.of(spending(100, i -> i % 2 * 500)),
                GroupTotals.of(spending(100, i -> 0)), COST);

        assertNull(results.revenue().relativeDifference());
        // The held-out group has no spread, so Welch's degrees of freedom are the treated group's alone: n − 1.
        assertEquals(99, results.revenue().degreesOfFreedom(), 1e-9);
        assertEquals(Verdict.SIGNIFICANT_UPLIFT, results.verdict());
        assertTrue(results.summary().startsWith("Treated members bought 250 more per member in minor units of the "
                + "currency (± "), results.summary());
        assertCleanJson(results);
    }

    @Test
    void aCampaignThatCostNothingHasNoReturnOnInvestmentAndSaysWhy() {
        Random random = new Random(5);
        CampaignResults results = Results.compare(GroupTotals.of(history(random, 1_000, 0.36)),
                GroupTotals.of(history(random, 1_000, 0.30)), CampaignCost.NONE);

        assertNull(results.returnOnInvestment());
        assertEquals("the campaign recorded no cost, and a return on nothing is undefined",
                results.returnOnInvestmentUndefined());
        assertEquals(new CampaignResults.Cost(0, 0, 0, 0), results.cost());
        JsonNode json = assertCleanJson(results);
        assertFalse(json.has("returnOnInvestment"), json::toString);
    }

    @Test
    void totalsSummedInSqlGiveTheSameResultsAsTheMembersThemselves() {
        List<MemberOutcome> treated = history(new Random(9), 3_000, 0.36);
        List<MemberOutcome> heldOut = history(new Random(10), 300, 0.30);
        GroupTotals summed = GroupTotals.of(treated);
        long revenue = treated.stream().mapToLong(MemberOutcome::revenueMinor).sum();
        BigInteger squares = treated.stream().map(o -> BigInteger.valueOf(o.revenueMinor()).pow(2))
                .reduce(BigInteger.ZERO, BigInteger::add);
        GroupTotals fromSql = new GroupTotals(3_000, treated.stream().filter(MemberOutcome::bought).count(), revenue,
                squares, treated.stream().mapToLong(MemberOutcome::visits).sum());

        assertEquals(summed, fromSql);
        assertEquals(Results.compare(summed, GroupTotals.of(heldOut), COST),
                Results.compare(fromSql, GroupTotals.of(heldOut), COST));
    }

    @Test
    void aMillionMembersWhoseSquaresOverflowALongAreComputedExactly() {
        // A million members each spending 10,000,000 or 10,000,002 (minor units): Σx² is about 1e20, beyond a long,
        // and the variance (1.000001) would vanish in a double subtraction of two sums near 1e20.
        long n = 1_000_000;
        BigInteger big = BigInteger.valueOf(10_000_000);
        BigInteger sumOfSquares = big.pow(2).multiply(BigInteger.valueOf(n / 2))
                .add(big.add(BigInteger.TWO).pow(2).multiply(BigInteger.valueOf(n / 2)));
        GroupTotals treated = new GroupTotals(n, n, 10_000_001 * n, sumOfSquares, n);
        GroupTotals heldOut = new GroupTotals(n, n, 10_000_000 * n, big.pow(2).multiply(BigInteger.valueOf(n / 2))
                .add(big.subtract(BigInteger.ONE).pow(2).multiply(BigInteger.valueOf(n / 4)))
                .add(big.add(BigInteger.ONE).pow(2).multiply(BigInteger.valueOf(n / 4))), 2 * n);

        assertEquals(n / (n - 1.0), treated.revenueVariance(), 1e-12);
        CampaignResults results = Results.compare(treated, heldOut, COST);
        assertEquals(Verdict.SIGNIFICANT_UPLIFT, results.verdict(), results.summary());
        assertEquals(1.0, results.revenue().differencePerMemberMinor().value(), 1e-9);
        assertEquals(2.0, results.heldOut().visitsPerMember());
        assertCleanJson(results);
    }

    @Test
    void totalsThatNoMembersCouldHaveSummedToAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GroupTotals(10, 11, 0, BigInteger.ZERO, 0));
        assertThrows(IllegalArgumentException.class, () -> new GroupTotals(-1, 0, 0, BigInteger.ZERO, 0));
        // Ten members spending 1,000 in all cannot have squares summing to less than 1,000²/10.
        assertThrows(IllegalArgumentException.class, () -> new GroupTotals(10, 5, 1_000, BigInteger.valueOf(99_999), 0));
        assertThrows(IllegalArgumentException.class, () -> new CampaignCost(-1, BigDecimal.ONE, 0, 0, BigDecimal.ONE));
        assertThrows(IllegalArgumentException.class,
                () -> new CampaignCost(0, BigDecimal.ONE, 0, 0, new BigDecimal("-0.01")));
    }

    @Test
    void resultsReadBackFromTheirJsonAsTheyWere() {
        Random random = new Random(12);
        CampaignResults results = Results.compare(GroupTotals.of(history(random, 2_000, 0.36)),
                GroupTotals.of(history(random, 2_000, 0.30)), COST);

        assertEquals(results, Json.read(Json.write(results), CampaignResults.class));
        JsonNode json = assertCleanJson(results);
        assertEquals(95, json.get("confidencePercent").asInt());
        assertTrue(json.get("revenue").get("differencePerMemberMinor").has("low"), json::toString);
    }

    /** Mean spend of a buyer: a log-normal with σ = 0.8, so a few big baskets, as in any shop. */
    private static final double TRUE_MEAN_SPEND = 5_000;
    private static final double SIGMA = 0.8;

    /** A campaign of 20,000 treated and 20,000 held-out members with a seeded history, at these conversion rates. */
    private static CampaignResults campaign(long seed, double treatedConversion, double heldOutConversion) {
        Random random = new Random(seed);
        return Results.compare(GroupTotals.of(history(random, 20_000, treatedConversion)),
                GroupTotals.of(history(random, 20_000, heldOutConversion)), COST);
    }

    private static List<MemberOutcome> history(Random random, int members, double conversion) {
        double mu = Math.log(TRUE_MEAN_SPEND) - SIGMA * SIGMA / 2;
        List<MemberOutcome> outcomes = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            boolean bought = random.nextDouble() < conversion;
            long spend = bought ? Math.round(Math.exp(mu + SIGMA * random.nextGaussian())) : 0;
            outcomes.add(new MemberOutcome(bought, spend, bought ? 1 + random.nextInt(3) : 0));
        }
        return outcomes;
    }

    /** Members, each with the revenue given by their index; those who spent something bought. */
    private static List<MemberOutcome> spending(int members, IntFunction<Integer> revenue) {
        List<MemberOutcome> outcomes = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            long spent = revenue.apply(i);
            outcomes.add(new MemberOutcome(spent > 0, spent, spent > 0 ? 1 : 0));
        }
        return outcomes;
    }

    /** Members who all bought, with the revenue given by their index. */
    private static List<MemberOutcome> buyers(int members, IntFunction<Integer> revenue) {
        List<MemberOutcome> outcomes = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            outcomes.add(new MemberOutcome(true, revenue.apply(i), 1));
        }
        return outcomes;
    }

    /** {@code buyers} of {@code members} bought, each spending {@code spend}. */
    private static GroupTotals buyersSpending(long members, long buyers, long spend) {
        return new GroupTotals(members, buyers, buyers * spend, BigInteger.valueOf(buyers * spend * spend), buyers);
    }

    private static void assertContains(Estimate estimate, double truth) {
        assertTrue(estimate.low() <= truth && truth <= estimate.high(), truth + " outside " + estimate);
    }

    private static JsonNode assertCleanJson(CampaignResults results) {
        String json = Json.write(results);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        return Json.mapper().valueToTree(results);
    }
}
