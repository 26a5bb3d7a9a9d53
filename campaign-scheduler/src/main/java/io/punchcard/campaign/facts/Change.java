package io.punchcard.campaign.facts;

import java.util.List;
import java.util.UUID;

/** What one event of the feed does to the read model, as {@link FactRules} decides it. */
public sealed interface Change {

    /** Nothing the read model keeps: vouchers, rewards, kinds this scheduler does not know, unusable entries. */
    record Ignored(String why) implements Change {
    }

    /** The member's row changes (profile, consents, tier, points). */
    record Updated(MemberFacts after) implements Change {
    }

    /** A purchase to keep, with the rule points campaigns paid for on it, and its member's row after it. */
    record Purchased(MemberFacts after, PurchaseFact purchase, List<RulePointsFact> rulePoints) implements Change {
        public Purchased {
            rulePoints = List.copyOf(rulePoints);
        }
    }

    /** A refund: the purchase after it and the row of the purchase's member (its owner now, after merges). */
    record Refunded(MemberFacts after, PurchaseFact purchase) implements Change {
    }

    /**
     * A merge: the duplicate's purchases and rule points become the survivor's from now on (its rows move), the
     * survivor's counts and windows include them, and the duplicate stays as MERGED with nothing of its own.
     */
    record Merged(MemberFacts survivor, MemberFacts duplicate) implements Change {
    }

    /** The member is forgotten: every row of theirs goes. */
    record Erased(UUID memberId) implements Change {
    }
}
