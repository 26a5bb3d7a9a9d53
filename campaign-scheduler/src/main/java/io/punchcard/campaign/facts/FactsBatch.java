package io.punchcard.campaign.facts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.EventPage.FeedEvent;

/**
 * A page of the feed applied in memory, one event after another, over the rows its events touch (loaded first by
 * the store): each event sees what the ones before it changed. {@link #plan} then says what to write, so a page
 * costs a few batched statements, not a round trip per event.
 */
public final class FactsBatch implements Known {

    /** A row operation that must run in the feed's order, before the batched writes: merges and erasures are rare. */
    public sealed interface Step {
        /** The duplicate's purchases and rule points become the survivor's. */
        record MoveRows(UUID from, UUID to) implements Step {
        }

        /** Every row of the member goes (facts, purchases, rule points, tags). */
        record Forget(UUID memberId) implements Step {
        }
    }

    /**
     * What a page writes: the {@code steps} in order, then the final state of every member and purchase it changed
     * (upserts) and the rule points it added.
     */
    public record Plan(List<Step> steps, List<MemberFacts> members, List<PurchaseFact> purchases,
                       List<RulePointsFact> rulePoints, List<Applied> applied) {
    }

    private final Map<UUID, MemberFacts> members = new HashMap<>();
    private final Map<UUID, PurchaseFact> purchases = new HashMap<>();
    private final Map<UUID, Map<UUID, PurchaseFact>> byMember = new HashMap<>();
    private final Set<UUID> changedMembers = new LinkedHashSet<>();
    private final Set<UUID> changedPurchases = new LinkedHashSet<>();
    private final Map<String, RulePointsFact> rulePoints = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Applied> applied = new ArrayList<>();
    private final ZoneId programZone;
    private final Instant now;

    /**
     * Over the rows already stored: the members the page names and their purchases of the last year at least, and
     * every purchase the page names.
     */
    public FactsBatch(Collection<MemberFacts> members, Collection<PurchaseFact> purchases, ZoneId programZone,
                      Instant now) {
        members.forEach(m -> this.members.put(m.memberId(), m));
        purchases.forEach(this::keep);
        this.programZone = programZone;
        this.now = now;
    }

    /** Applies {@code entry} and says what it did. */
    public Applied apply(FeedEvent entry) {
        Change change = FactRules.apply(this, entry, programZone, now);
        Applied done = switch (change) {
            case Change.Ignored ignored -> {
                UUID id = uuidOrNull(entry.memberId());
                MemberFacts current = id == null ? null : members.get(id);
                yield applied(entry, id, current, current);
            }
            case Change.Updated updated -> changed(entry, updated.after());
            case Change.Purchased purchased -> {
                keep(purchased.purchase());
                changedPurchases.add(purchased.purchase().purchaseId());
                purchased.rulePoints().forEach(r -> rulePoints.put(r.purchaseId() + "/" + r.rule(), r));
                yield changed(entry, purchased.after());
            }
            case Change.Refunded refunded -> {
                keep(refunded.purchase());
                changedPurchases.add(refunded.purchase().purchaseId());
                yield changed(entry, refunded.after());
            }
            case Change.Merged merged -> {
                UUID from = merged.duplicate().memberId();
                UUID to = merged.survivor().memberId();
                steps.add(new Step.MoveRows(from, to));
                for (PurchaseFact p : List.copyOf(purchasesOf(from))) {
                    keep(p.ownedBy(to));
                }
                rulePoints.replaceAll((key, r) -> r.memberId().equals(from) ? r.ownedBy(to) : r);
                members.put(from, merged.duplicate());
                changedMembers.add(from);
                yield changed(entry, merged.survivor());
            }
            case Change.Erased erased -> {
                UUID id = erased.memberId();
                MemberFacts before = members.remove(id);
                Map<UUID, PurchaseFact> theirs = byMember.remove(id);
                if (theirs != null) {
                    theirs.keySet().forEach(p -> {
                        purchases.remove(p);
                        changedPurchases.remove(p);
                    });
                }
                rulePoints.values().removeIf(r -> r.memberId().equals(id));
                changedMembers.remove(id);
                steps.add(new Step.Forget(id));
                yield applied(entry, id, before, null);
            }
        };
        return done;
    }

    /** What to write for the events applied so far. */
    public Plan plan() {
        return new Plan(List.copyOf(steps), changedMembers.stream().map(members::get).toList(),
                changedPurchases.stream().map(purchases::get).toList(), List.copyOf(rulePoints.values()),
                List.copyOf(applied));
    }

    @Override
    public Optional<MemberFacts> member(UUID memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    @Override
    public Optional<PurchaseFact> purchase(UUID purchaseId) {
        return Optional.ofNullable(purchases.get(purchaseId));
    }

    @Override
    public Collection<PurchaseFact> purchasesOf(UUID memberId) {
        Map<UUID, PurchaseFact> theirs = byMember.get(memberId);
        return theirs == null ? List.of() : theirs.values();
    }

    private void keep(PurchaseFact p) {
        PurchaseFact old = purchases.put(p.purchaseId(), p);
        if (old != null && !old.memberId().equals(p.memberId())) {
            Map<UUID, PurchaseFact> previous = byMember.get(old.memberId());
            if (previous != null) {
                previous.remove(p.purchaseId());
            }
            // A stored purchase moves by its Step; one this page added is written with its owner as it is now.
        }
        byMember.computeIfAbsent(p.memberId(), k -> new LinkedHashMap<>()).put(p.purchaseId(), p);
    }

    private Applied changed(FeedEvent entry, MemberFacts after) {
        MemberFacts before = members.put(after.memberId(), after);
        changedMembers.add(after.memberId());
        return applied(entry, after.memberId(), before, after);
    }

    private Applied applied(FeedEvent entry, UUID memberId, MemberFacts before, MemberFacts after) {
        Applied a = new Applied(entry.position(), entry.id(), entry.at(), typed(entry), memberId, before, after);
        applied.add(a);
        return a;
    }

    /** The entry's record; one not of its kind's shape is passed on as not understood, as it was taken. */
    private static LoyaltyEvent typed(FeedEvent entry) {
        try {
            return entry.event();
        } catch (IllegalArgumentException e) {
            return new LoyaltyEvent.Unrecognised(entry.type(), entry.payload());
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
