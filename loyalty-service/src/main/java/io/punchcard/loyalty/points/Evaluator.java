package io.punchcard.loyalty.points;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.punchcard.loyalty.program.EarningRule;
import io.punchcard.loyalty.program.EarningRules;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.RuleMatch;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.purchase.Basket;
import io.punchcard.loyalty.purchase.Line;

/**
 * The one function that decides what a basket earns. The checkout quote and the recorded purchase both call
 * it, so a shopper is never promised other points than they get.
 *
 * <p>The order, fixed:
 * <ol>
 *   <li>Each line's net is its price times quantity less its own discount; the basket discount is spread over
 *       the lines in proportion to their nets (largest remainder, so the cents add up).</li>
 *   <li>Lines in an excluded category (gift cards) are left out; the rest is the eligible spend.</li>
 *   <li>What was paid with points ({@code POINTS} tenders) comes off the eligible spend, unless the program's
 *       {@code pointsTenderEarns} says it earns: it is spread over the eligible lines in proportion to their
 *       nets, like a basket discount, and never takes the spend below zero. What is left is also the qualifying
 *       spend for tiers, and what minimum spends of rules are measured against.</li>
 *   <li>Base points: eligible spend × {@code pointsPerUnit} / {@code unitMinor}.</li>
 *   <li>Tier: the member's tier multiplier adds {@code base × (multiplier − 1)}.</li>
 *   <li>Multipliers: for each eligible line, the highest multiplier among the MULTIPLIER rules that match the
 *       purchase and the line, and an applied points-multiplier voucher, adds
 *       {@code line base × (multiplier − 1) × tier multiplier}. Multipliers never stack: the highest wins.</li>
 *   <li>Bonuses: each matching BONUS rule adds its points, once or per matching unit.</li>
 *   <li>Each rule's addition is cut to its own cap; then the total to the program's cap per purchase.</li>
 * </ol>
 * Every component is rounded down on its own, so the parts a receipt shows add up to the total.
 */
public final class Evaluator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String VOUCHER = "voucher";

    private Evaluator() {
    }

    /** What {@code basket} earns under {@code program} for a member in {@code tier}. */
    public static Award evaluate(Program program, Basket basket, Tier tier) {
        EarningRules earning = program.earning();
        List<Line> lines = basket.lines();
        long[] nets = netsAfterBasketDiscount(lines, basket.basketDiscountMinor());

        boolean[] counts = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String category = lines.get(i).category();
            counts[i] = category == null || !earning.excludedCategories().contains(category);
            if (!counts[i]) {
                nets[i] = 0;
            }
        }
        if (!earning.pointsTenderEarns()) {
            takeOff(nets, basket.pointsTenderMinor());
        }
        long eligible = 0;
        for (long net : nets) {
            eligible += net;
        }

        ZonedDateTime localTime = basket.occurredAt().atZone(program.zoneFor(basket.store()));
        BigDecimal rate = BigDecimal.valueOf(earning.pointsPerUnit())
                .divide(BigDecimal.valueOf(earning.unitMinor()), 12, RoundingMode.DOWN);
        BigDecimal tierFactor = percent(tier.multiplierPercent());

        BigDecimal baseExact = BigDecimal.ZERO;
        Map<String, BigDecimal> extraByRule = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!counts[i]) {
                continue;
            }
            BigDecimal lineBase = rate.multiply(BigDecimal.valueOf(nets[i]));
            baseExact = baseExact.add(lineBase);
            String best = null;
            int bestPercent = 100;
            for (EarningRule rule : earning.rules()) {
                if (rule.kind() == EarningRule.Kind.MULTIPLIER && rule.multiplierPercent() > bestPercent
                        && matchesPurchase(rule.match(), basket, localTime, eligible)
                        && matchesLine(rule.match(), lines.get(i))) {
                    best = rule.id();
                    bestPercent = rule.multiplierPercent();
                }
            }
            if (basket.voucherMultiplierPercent() > bestPercent) {
                best = VOUCHER;
                bestPercent = basket.voucherMultiplierPercent();
            }
            if (best != null) {
                BigDecimal extra = lineBase.multiply(percent(bestPercent).subtract(BigDecimal.ONE)).multiply(tierFactor);
                extraByRule.merge(best, extra, BigDecimal::add);
            }
        }

        long base = floor(baseExact);
        long tierPoints = floor(baseExact.multiply(tierFactor.subtract(BigDecimal.ONE)));
        List<Award.RulePoints> applied = new ArrayList<>();
        long total = base + tierPoints;
        for (EarningRule rule : earning.rules()) {
            long added = switch (rule.kind()) {
                case MULTIPLIER -> extraByRule.containsKey(rule.id()) ? floor(extraByRule.get(rule.id())) : 0;
                case BONUS -> bonus(rule, basket, lines, counts, localTime, eligible);
            };
            if (rule.capPoints() > 0) {
                added = Math.min(added, rule.capPoints());
            }
            if (added > 0) {
                applied.add(new Award.RulePoints(rule.id(), added, rule.campaign()));
                total += added;
            }
        }
        if (extraByRule.containsKey(VOUCHER)) {
            long added = floor(extraByRule.get(VOUCHER));
            applied.add(new Award.RulePoints(VOUCHER, added, null));
            total += added;
        }
        long capped = Math.max(0, total - earning.maxPointsPerPurchase());
        List<Long> lineEligible = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            lineEligible.add(nets[i]);
        }
        return new Award(eligible, eligible, base, tier.code(), tierPoints, applied, capped, total - capped, lineEligible);
    }

    private static long bonus(EarningRule rule, Basket basket, List<Line> lines, boolean[] counts,
                              ZonedDateTime localTime, long eligible) {
        if (!matchesPurchase(rule.match(), basket, localTime, eligible)) {
            return 0;
        }
        if (!rule.match().selectsLines()) {
            return rule.perItem() ? rule.bonusPoints() * units(lines, counts, null) : rule.bonusPoints();
        }
        long units = units(lines, counts, rule.match());
        if (units == 0) {
            return 0;
        }
        return rule.perItem() ? rule.bonusPoints() * units : rule.bonusPoints();
    }

    /** Whole units of eligible lines that match (fractions of weighed goods count down). */
    private static long units(List<Line> lines, boolean[] counts, RuleMatch match) {
        long units = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (counts[i] && (match == null || matchesLine(match, lines.get(i)))) {
                units += lines.get(i).quantity().setScale(0, RoundingMode.DOWN).longValue();
            }
        }
        return units;
    }

    static boolean matchesPurchase(RuleMatch match, Basket basket, ZonedDateTime local, long eligible) {
        if (!match.channels().isEmpty() && !match.channels().contains(basket.channel())) {
            return false;
        }
        if (!match.stores().isEmpty() && !match.stores().contains(basket.store())) {
            return false;
        }
        if (!match.daysOfWeek().isEmpty() && !match.daysOfWeek().contains(local.getDayOfWeek())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        if (match.timeFrom() != null && time.isBefore(match.timeFrom())) {
            return false;
        }
        if (match.timeUntil() != null && !time.isBefore(match.timeUntil())) {
            return false;
        }
        LocalDate date = local.toLocalDate();
        if (match.validFrom() != null && date.isBefore(match.validFrom())) {
            return false;
        }
        if (match.validUntil() != null && date.isAfter(match.validUntil())) {
            return false;
        }
        return eligible >= match.minSpendMinor();
    }

    static boolean matchesLine(RuleMatch match, Line line) {
        if (!match.skus().isEmpty() && !match.skus().contains(line.sku())) {
            return false;
        }
        return match.categories().isEmpty() || match.categories().contains(line.category());
    }

    /** Each line's net after its share of the basket discount; the shares add up to the discount exactly. */
    static long[] netsAfterBasketDiscount(List<Line> lines, long basketDiscount) {
        long[] nets = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            nets[i] = lines.get(i).netMinor();
        }
        takeOff(nets, basketDiscount);
        return nets;
    }

    /** Takes {@code amount} (at most their sum) off {@code nets} in proportion to them, to the cent. */
    private static void takeOff(long[] nets, long amount) {
        long total = 0;
        for (long net : nets) {
            total += net;
        }
        long taken = Math.min(Math.max(0, amount), total);
        if (taken == 0) {
            return;
        }
        long[] shares = Shares.proportional(taken, nets);
        for (int i = 0; i < nets.length; i++) {
            nets[i] -= shares[i];
        }
    }

    private static BigDecimal percent(int percent) {
        return BigDecimal.valueOf(percent).divide(HUNDRED, 4, RoundingMode.UNNECESSARY);
    }

    private static long floor(BigDecimal value) {
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
