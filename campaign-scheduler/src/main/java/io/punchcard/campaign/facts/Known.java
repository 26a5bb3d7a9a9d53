package io.punchcard.campaign.facts;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** What the read model holds that an event's change depends on, as far as {@link FactRules} asks. */
public interface Known {

    Optional<MemberFacts> member(UUID memberId);

    Optional<PurchaseFact> purchase(UUID purchaseId);

    /** The member's purchases, at least all of those within {@link Windows#WIDEST_DAYS} of today. */
    Collection<PurchaseFact> purchasesOf(UUID memberId);
}
