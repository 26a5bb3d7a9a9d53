package io.punchcard.campaign.facts;

import java.time.Instant;
import java.util.UUID;

/** Points an earning rule a campaign installed put on a purchase (a row of {@code fact_rule_points}): its cost. */
public record RulePointsFact(UUID purchaseId, String rule, String campaign, UUID memberId, long points, Instant at) {

    RulePointsFact ownedBy(UUID member) {
        return new RulePointsFact(purchaseId, rule, campaign, member, points, at);
    }
}
