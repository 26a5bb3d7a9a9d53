package io.punchcard.loyalty.program;

import java.util.Comparator;
import java.util.List;

/**
 * The tiers, lowest first, and how members move between them: qualification by qualifying spend (or
 * points earned) over a rolling window; upgrade at once, downgrade only at the periodic review once the
 * grace period has passed.
 *
 * @param basis        SPEND (qualifying spend in minor units) or POINTS (points earned)
 * @param windowMonths the rolling window qualification is measured over
 * @param graceDays    how long a member keeps a tier after falling below it, before the review may lower it
 * @param levels       at least three tiers; the first has threshold 0 and is every member's floor
 */
public record TierLadder(Basis basis, int windowMonths, int graceDays, List<Tier> levels) {

    /** What qualifies a member for a tier. */
    public enum Basis {
        SPEND,
        POINTS
    }

    public TierLadder {
        levels = levels == null ? List.of() : levels.stream().sorted(Comparator.comparingLong(Tier::threshold)).toList();
    }

    /** The lowest tier, every member's floor. */
    public Tier base() {
        return levels.get(0);
    }

    /** The highest tier whose threshold {@code qualifying} reaches. */
    public Tier tierFor(long qualifying) {
        Tier result = base();
        for (Tier tier : levels) {
            if (qualifying >= tier.threshold()) {
                result = tier;
            }
        }
        return result;
    }

    /** The tier with this code, or the base tier when the code is no longer in the program. */
    public Tier byCode(String code) {
        return levels.stream().filter(t -> t.code().equals(code)).findFirst().orElse(base());
    }

    /** The tier above {@code tier}, or null at the top. */
    public Tier above(Tier tier) {
        int i = levels.indexOf(tier);
        return i >= 0 && i + 1 < levels.size() ? levels.get(i + 1) : null;
    }

    /** The position of a tier in the ladder, 0 for the base; higher is better. */
    public int rank(Tier tier) {
        return levels.indexOf(tier);
    }

    void validate(String path, List<Violation> violations) {
        if (basis == null) {
            violations.add(new Violation(path + ".basis", "must be SPEND or POINTS"));
        }
        if (windowMonths < 1 || windowMonths > 36) {
            violations.add(new Violation(path + ".windowMonths", "must be between 1 and 36"));
        }
        if (graceDays < 0 || graceDays > 365) {
            violations.add(new Violation(path + ".graceDays", "must be between 0 and 365"));
        }
        if (levels.size() < 3) {
            violations.add(new Violation(path + ".levels", "needs at least three tiers"));
            return;
        }
        if (levels.get(0).threshold() != 0) {
            violations.add(new Violation(path + ".levels", "the lowest tier must have threshold 0"));
        }
        for (int i = 0; i < levels.size(); i++) {
            levels.get(i).validate(path + ".levels[" + i + "]", violations);
            if (i > 0 && levels.get(i).threshold() == levels.get(i - 1).threshold()) {
                violations.add(new Violation(path + ".levels[" + i + "].threshold", "two tiers share one threshold"));
            }
        }
        if (levels.stream().map(Tier::code).distinct().count() != levels.size()) {
            violations.add(new Violation(path + ".levels", "tier codes must be unique"));
        }
    }
}
