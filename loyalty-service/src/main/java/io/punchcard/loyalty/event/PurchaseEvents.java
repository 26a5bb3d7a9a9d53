package io.punchcard.loyalty.event;

import java.util.List;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.purchase.Line;
import io.punchcard.loyalty.purchase.PurchaseInput;

/** The events a recorded sale writes, single or in a batch alike. */
public final class PurchaseEvents {

    private PurchaseEvents() {
    }

    /**
     * {@code purchase.recorded} for a sale that earned {@code points}. A follower counts spend and visits from it at
     * {@code occurredAt} (long before the event for an imported sale of the past, which says {@code history} and
     * earns nothing). {@code rules} lists what each earning rule added, with its campaign, as the receipt's
     * breakdown does (a points multiplier voucher as rule {@code voucher}; before the per-purchase cap), and is
     * empty for a sale that earned nothing.
     */
    public static LoyaltyEvent.PurchaseRecorded recorded(UUID purchaseId, PurchaseInput input, Award award, long points) {
        List<String> categories = input.basket().lines().stream().map(Line::category)
                .filter(c -> c != null && !c.isBlank()).distinct().toList();
        List<LoyaltyEvent.RulePoints> rules = points == 0 ? List.of() : award.rules().stream()
                .map(r -> new LoyaltyEvent.RulePoints(r.ruleId(), r.campaign(), r.points())).toList();
        return new LoyaltyEvent.PurchaseRecorded(purchaseId, input.sourceKey(), input.externalId(),
                input.basket().store(), input.basket().channel().name(), input.occurredAt(), input.totalMinor(),
                award.eligibleMinor(), points, categories, rules, input.history());
    }
}
