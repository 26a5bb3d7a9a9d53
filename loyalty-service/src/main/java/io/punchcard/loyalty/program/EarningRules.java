package io.punchcard.loyalty.program;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How purchases earn points: a base rate per unit of eligible spend, categories that never earn (gift cards),
 * rules that multiply or add, and a cap per purchase.
 *
 * @param pointsPerUnit        points earned per {@code unitMinor} of eligible spend
 * @param unitMinor            the spend unit in minor currency units (100 = one euro)
 * @param excludedCategories   categories whose lines earn nothing and do not count as qualifying spend
 * @param rules                promotions, evaluated in the order {@link io.punchcard.loyalty.points.Evaluator} documents
 * @param maxPointsPerPurchase the most one purchase can earn, bonuses included
 * @param pointsTenderEarns    whether the part of a sale paid with points earns points; false (the default) takes
 *                             it off the eligible spend, so points never breed points
 */
public record EarningRules(
        int pointsPerUnit,
        int unitMinor,
        List<String> excludedCategories,
        List<EarningRule> rules,
        long maxPointsPerPurchase,
        boolean pointsTenderEarns) {

    public EarningRules {
        excludedCategories = excludedCategories == null ? List.of() : List.copyOf(excludedCategories);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    void validate(String path, List<Violation> violations) {
        if (pointsPerUnit < 0 || pointsPerUnit > 10_000) {
            violations.add(new Violation(path + ".pointsPerUnit", "must be between 0 and 10000"));
        }
        if (unitMinor < 1 || unitMinor > 1_000_000) {
            violations.add(new Violation(path + ".unitMinor", "must be between 1 and 1000000"));
        }
        if (maxPointsPerPurchase < 1) {
            violations.add(new Violation(path + ".maxPointsPerPurchase", "must be at least 1"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            EarningRule rule = rules.get(i);
            rule.validate(path + ".rules[" + i + "]", violations);
            if (rule.id() != null && !ids.add(rule.id())) {
                violations.add(new Violation(path + ".rules[" + i + "].id", "'" + rule.id() + "' is used twice"));
            }
        }
    }
}
