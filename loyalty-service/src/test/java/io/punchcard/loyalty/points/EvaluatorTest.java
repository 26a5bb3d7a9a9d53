package io.punchcard.loyalty.points;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.punchcard.api.Json;
import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.EarningRules;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.purchase.Basket;
import io.punchcard.loyalty.purchase.Line;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator on the seeded default program: 1 point per euro, gift cards excluded, two promotions. */
class EvaluatorTest {

    private static final Program PROGRAM = load();
    // A Monday afternoon in Berlin: no happy hour.
    private static final Instant MONDAY = Instant.parse("2026-03-02T14:00:00Z");
    // A Tuesday 10:30 in Berlin (09:30 UTC): happy hour at the till.
    private static final Instant TUESDAY_HAPPY_HOUR = Instant.parse("2026-03-03T09:30:00Z");

    static Program load() {
        try (InputStream in = EvaluatorTest.class.getResourceAsStream("/program/default-program.json")) {
            return Json.mapper().readValue(in, Program.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tier tier(String code) {
        return PROGRAM.tiers().byCode(code);
    }

    private static Line line(String sku, String category, String qty, long unit, long discount) {
        return new Line(sku, category, new BigDecimal(qty), unit, discount);
    }

    @Test
    void theSeededProgramIsValid() {
        assertEquals(List.of(), PROGRAM.validate());
    }

    @Test
    void onePointPerWholeEuroOfEligibleSpendRoundedDown() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY,
                List.of(line("A", "shirts", "2", 1999, 0), line("B", "socks", "1", 450, 50)), 0, 0);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("MEMBER"));

        assertEquals(4398, award.eligibleMinor());
        assertEquals(43, award.points());
        assertEquals(43, award.basePoints());
        assertEquals(0, award.tierPoints());
    }

    @Test
    void whatIsPaidWithPointsEarnsNothingByDefault() {
        // 30.00 + 20.00 of shirts and a 50.00 gift card; 10.00 of it paid with points.
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("A", "shirts", "1", 3000, 0),
                line("B", "shirts", "1", 2000, 0), line("GC50", "gift-card", "1", 5000, 0)), 0, 0, 1000);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("MEMBER"));

        // The 10.00 comes off the eligible lines only, 30:20 → 6.00 and 4.00: 50.00 − 10.00 = 40.00 → 40 points.
        assertEquals(4000, award.eligibleMinor());
        assertEquals(4000, award.qualifyingMinor());
        assertEquals(List.of(2400L, 1600L, 0L), award.lineEligibleMinor());
        assertEquals(40, award.points());
    }

    @Test
    void whatIsPaidWithPointsEarnsWhenTheProgramSaysSo() {
        EarningRules earning = PROGRAM.earning();
        Program earns = PROGRAM.withEarning(new EarningRules(earning.pointsPerUnit(), earning.unitMinor(),
                earning.excludedCategories(), earning.rules(), earning.maxPointsPerPurchase(), true));
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("A", "shirts", "1", 5000, 0)), 0, 0, 1000);

        assertEquals(50, Evaluator.evaluate(earns, basket, tier("MEMBER")).points());
        assertEquals(40, Evaluator.evaluate(PROGRAM, basket, tier("MEMBER")).points());
    }

    @Test
    void pointsPayingForMoreThanTheEligibleSpendLeaveItAtZero() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("A", "shirts", "1", 1000, 0)), 0, 0, 5000);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("MEMBER"));

        assertEquals(0, award.eligibleMinor());
        assertEquals(0, award.points());
    }

    @Test
    void aLineWithoutACategoryEarnsAtTheBaseRate() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("A", null, "1", 1000, 0)), 0, 0);

        assertEquals(10, Evaluator.evaluate(PROGRAM, basket, tier("MEMBER")).points());
    }

    @Test
    void giftCardsEarnNothingAndDoNotQualify() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY,
                List.of(line("GC50", "gift-card", "1", 5000, 0), line("A", "shirts", "1", 1000, 0)), 0, 0);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("MEMBER"));

        assertEquals(1000, award.eligibleMinor());
        assertEquals(1000, award.qualifyingMinor());
        assertEquals(10, award.points());
    }

    @Test
    void aBasketDiscountIsSpreadOverTheLinesBeforePointsAreCounted() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY,
                List.of(line("A", "shirts", "1", 3000, 0), line("B", "shirts", "1", 1000, 0)), 1001, 0);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("MEMBER"));

        assertEquals(2999, award.eligibleMinor());
        assertEquals(29, award.points());
    }

    @Test
    void theTierMultiplierAddsToTheBase() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("A", "shirts", "1", 4000, 0)), 0, 0);

        Award gold = Evaluator.evaluate(PROGRAM, basket, tier("GOLD"));

        assertEquals(40, gold.basePoints());
        assertEquals(20, gold.tierPoints());
        assertEquals(60, gold.points());
    }

    @Test
    void happyHourDoublesAtTheTillOnly() {
        List<Line> lines = List.of(line("A", "shirts", "1", 4000, 0));

        Award till = Evaluator.evaluate(PROGRAM, new Basket(Channel.POS, "S001", TUESDAY_HAPPY_HOUR, lines, 0, 0), tier("MEMBER"));
        Award online = Evaluator.evaluate(PROGRAM, new Basket(Channel.ONLINE, "WEB", TUESDAY_HAPPY_HOUR, lines, 0, 0), tier("MEMBER"));

        assertEquals(80, till.points());
        assertEquals(List.of(new Award.RulePoints("happy-hour", 40, null)), till.rules());
        assertEquals(40, online.points());
    }

    @Test
    void multipliersDoNotStackTheHighestWins() {
        List<Line> lines = List.of(line("A", "shirts", "1", 4000, 0));
        Basket withVoucher = new Basket(Channel.POS, "S001", TUESDAY_HAPPY_HOUR, lines, 0, 300);

        Award award = Evaluator.evaluate(PROGRAM, withVoucher, tier("MEMBER"));

        assertEquals(List.of(new Award.RulePoints("voucher", 80, null)), award.rules());
        assertEquals(120, award.points());
    }

    @Test
    void aBigBasketEarnsTheBonusOnce() {
        Basket basket = new Basket(Channel.ONLINE, "WEB", MONDAY, List.of(line("A", "coats", "1", 12000, 0)), 0, 0);

        Award award = Evaluator.evaluate(PROGRAM, basket, tier("SILVER"));

        assertEquals(120, award.basePoints());
        assertEquals(30, award.tierPoints());
        assertTrue(award.rules().contains(new Award.RulePoints("big-basket-bonus", 50, null)));
        assertEquals(200, award.points());
    }

    @Test
    void weighedGoodsCountByTheirPrice() {
        Basket basket = new Basket(Channel.POS, "S001", MONDAY, List.of(line("CHEESE", "deli", "0.355", 2490, 0)), 0, 0);

        assertEquals(884, Evaluator.evaluate(PROGRAM, basket, tier("MEMBER")).eligibleMinor());
    }

    @Test
    void sharesAddUpToTheWholeAmount() {
        long[] parts = Shares.proportional(100, new long[] {1, 1, 1});

        assertEquals(100, parts[0] + parts[1] + parts[2]);
        assertEquals(34, parts[0]);
    }
}
