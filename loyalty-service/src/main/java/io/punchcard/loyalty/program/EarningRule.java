package io.punchcard.loyalty.program;

import java.util.List;

/**
 * A promotion: when {@link #match} holds, either multiply the points of the matching lines or add a fixed
 * bonus.
 *
 * @param id                an identifier that receipts and quotes cite
 * @param kind              MULTIPLIER or BONUS
 * @param match             when the rule applies
 * @param multiplierPercent for MULTIPLIER: 200 doubles the base points of the matching lines
 * @param bonusPoints       for BONUS: points added once per purchase, or per matching item when {@code perItem}
 * @param perItem           for BONUS: count the bonus per unit of matching quantity
 * @param capPoints         the most this rule adds to one purchase; 0 for no cap
 * @param campaign          the campaign that put the rule in the program, if any (an id of the rule ids' syntax); the
 *                          events feed names it beside the points the rule added, so a campaign can count what it gave
 */
public record EarningRule(
        String id,
        Kind kind,
        RuleMatch match,
        int multiplierPercent,
        long bonusPoints,
        boolean perItem,
        long capPoints,
        String campaign) {

    /** What a rule does when it matches. */
    public enum Kind {
        MULTIPLIER,
        BONUS
    }

    /** How the rules campaigns put in the program are named: {@code campaign.<campaign id>}. */
    public static final String CAMPAIGN_PREFIX = "campaign.";

    /** The syntax of a rule's id, and of the campaign it names. */
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    public EarningRule {
        match = match == null ? RuleMatch.ANY : match;
    }

    /** The same rule under {@code newId}. */
    public EarningRule withId(String newId) {
        return new EarningRule(newId, kind, match, multiplierPercent, bonusPoints, perItem, capPoints, campaign);
    }

    void validate(String path, List<Violation> violations) {
        if (id == null || !id.matches(ID)) {
            violations.add(new Violation(path + ".id", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (campaign != null && !campaign.matches(ID)) {
            violations.add(new Violation(path + ".campaign", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        // A rule named campaign.<id> is that campaign's: the scheduler's key may write such rules and no other.
        if (id != null && id.startsWith(CAMPAIGN_PREFIX) && !id.substring(CAMPAIGN_PREFIX.length()).equals(campaign)) {
            violations.add(new Violation(path + ".campaign", "must be '" + id.substring(CAMPAIGN_PREFIX.length())
                    + "': a rule named " + CAMPAIGN_PREFIX + "<id> belongs to the campaign <id>"));
        }
        if (kind == null) {
            violations.add(new Violation(path + ".kind", "must be MULTIPLIER or BONUS"));
            return;
        }
        switch (kind) {
            case MULTIPLIER -> {
                if (multiplierPercent < 100 || multiplierPercent > 10_000) {
                    violations.add(new Violation(path + ".multiplierPercent", "must be between 100 and 10000"));
                }
                if (bonusPoints != 0) {
                    violations.add(new Violation(path + ".bonusPoints", "belongs to BONUS rules only"));
                }
            }
            case BONUS -> {
                if (bonusPoints < 1 || bonusPoints > 1_000_000) {
                    violations.add(new Violation(path + ".bonusPoints", "must be between 1 and 1000000"));
                }
                if (multiplierPercent != 0) {
                    violations.add(new Violation(path + ".multiplierPercent", "belongs to MULTIPLIER rules only"));
                }
            }
        }
        if (capPoints < 0) {
            violations.add(new Violation(path + ".capPoints", "must be 0 (no cap) or more"));
        }
        match.validate(path + ".match", violations);
    }
}
