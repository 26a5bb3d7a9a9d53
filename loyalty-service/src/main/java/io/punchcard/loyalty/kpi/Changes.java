package io.punchcard.loyalty.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;

/**
 * What one page of the events feed adds to the rollups: sums keyed as the rollup tables are, and the members whose
 * state (tier, open lots) must be counted again. Events the KPIs do not count (vouchers, consents, profile changes)
 * only mark their member as touched. Days and months are those of {@code zone}, the program's.
 */
public final class Changes {

    /** @param memberId the member the event is about, or null (an anonymous sale) */
    public record Fed(UUID memberId, LoyaltyEvent event, Instant at) {
    }

    public record SalesKey(String store, LocalDate day, String channel, boolean member) {
    }

    public record Sales(long purchases, long totalMinor, long eligibleMinor, long refunds, long refundedEligibleMinor) {
        Sales plus(Sales o) {
            return new Sales(purchases + o.purchases, totalMinor + o.totalMinor, eligibleMinor + o.eligibleMinor,
                    refunds + o.refunds, refundedEligibleMinor + o.refundedEligibleMinor);
        }
    }

    public record JoinKey(String store, LocalDate day, String channel) {
    }

    public record StoreDay(String store, LocalDate day) {
    }

    /** Points moved, each a positive number of points. */
    public record Points(long earned, long redeemed, long restored, long expired, long reversed, long adjustedIn,
                         long adjustedOut) {
        static final Points NONE = new Points(0, 0, 0, 0, 0, 0, 0);

        Points plus(Points o) {
            return new Points(earned + o.earned, redeemed + o.redeemed, restored + o.restored, expired + o.expired,
                    reversed + o.reversed, adjustedIn + o.adjustedIn, adjustedOut + o.adjustedOut);
        }
    }

    /** A member's visits in a month, in one store or in every store ({@link Activity#ALL_STORES}). */
    public record VisitKey(UUID memberId, LocalDate month, String store) {
    }

    public record MoveKey(String store, LocalDate month, String fromTier, String toTier) {
    }

    private final Map<SalesKey, Sales> sales = new HashMap<>();
    private final Map<JoinKey, Long> joined = new HashMap<>();
    private final Map<StoreDay, Points> points = new HashMap<>();
    private final Map<VisitKey, Integer> visits = new HashMap<>();
    private final Map<MoveKey, Long> moves = new HashMap<>();
    private final Set<UUID> touched = new LinkedHashSet<>();

    private Changes() {
    }

    /** The members {@code events} name, and those merged into them: the facts {@link #of} needs. */
    public static Set<UUID> membersNamed(List<Fed> events) {
        Set<UUID> named = new LinkedHashSet<>();
        for (Fed fed : events) {
            if (fed.memberId() != null) {
                named.add(fed.memberId());
            }
            if (fed.event() instanceof LoyaltyEvent.MemberMerged merged && merged.duplicate() != null) {
                named.add(merged.duplicate());
            }
        }
        return named;
    }

    /** The purchases the refunds among {@code events} refund. */
    public static Set<UUID> purchasesRefunded(List<Fed> events) {
        Set<UUID> refunded = new LinkedHashSet<>();
        for (Fed fed : events) {
            if (fed.event() instanceof LoyaltyEvent.RefundRecorded refund) {
                refunded.add(refund.purchaseId());
            }
        }
        return refunded;
    }

    /** What {@code events}, in feed order, add to the rollups. */
    public static Changes of(List<Fed> events, Facts facts, ZoneId zone) {
        Changes changes = new Changes();
        changes.touched.addAll(membersNamed(events));
        for (Fed fed : events) {
            changes.add(fed, facts, zone);
        }
        return changes;
    }

    private void add(Fed fed, Facts facts, ZoneId zone) {
        Facts.MemberFacts member = fed.memberId() == null ? null : facts.members().get(fed.memberId());
        String memberStore = member == null ? "" : member.store();
        LocalDate day = LocalDate.ofInstant(fed.at(), zone);
        switch (fed.event()) {
            case LoyaltyEvent.PurchaseRecorded sale -> {
                LocalDate saleDay = LocalDate.ofInstant(sale.occurredAt(), zone);
                String store = Facts.storeKey(sale.store());
                sales.merge(new SalesKey(store, saleDay, sale.channel(), fed.memberId() != null),
                        new Sales(1, sale.totalMinor(), sale.eligibleMinor(), 0, 0), Sales::plus);
                if (fed.memberId() != null) {
                    LocalDate month = saleDay.withDayOfMonth(1);
                    visits.merge(new VisitKey(fed.memberId(), month, store), 1, Integer::sum);
                    visits.merge(new VisitKey(fed.memberId(), month, Activity.ALL_STORES), 1, Integer::sum);
                }
            }
            case LoyaltyEvent.RefundRecorded refund -> {
                Facts.SaleFacts sale = facts.purchases().get(refund.purchaseId());
                if (sale != null) {
                    sales.merge(new SalesKey(sale.store(), day, sale.channel(), sale.member()),
                            new Sales(0, 0, 0, 1, refund.eligibleMinor()), Sales::plus);
                }
            }
            case LoyaltyEvent.MemberJoined joinedEvent -> {
                if (member != null) {
                    joined.merge(new JoinKey(member.store(), LocalDate.ofInstant(member.joined(), zone),
                            member.channel()), 1L, Long::sum);
                }
            }
            case LoyaltyEvent.PointsEarned earned -> points(memberStore, day, new Points(earned.points(), 0, 0, 0, 0, 0, 0));
            case LoyaltyEvent.PointsRedeemed redeemed ->
                    points(memberStore, day, new Points(0, redeemed.points(), 0, 0, 0, 0, 0));
            case LoyaltyEvent.PointsRestored restored ->
                    points(memberStore, day, new Points(0, 0, restored.points(), 0, 0, 0, 0));
            case LoyaltyEvent.PointsExpired expired ->
                    points(memberStore, day, new Points(0, 0, 0, expired.points(), 0, 0, 0));
            case LoyaltyEvent.PointsReversed reversed ->
                    points(memberStore, day, new Points(0, 0, 0, 0, reversed.points(), 0, 0));
            case LoyaltyEvent.PointsAdjusted adjusted -> points(memberStore, day, new Points(0, 0, 0, 0, 0,
                    Math.max(0, adjusted.points()), Math.max(0, -adjusted.points())));
            case LoyaltyEvent.TierChanged changed -> {
                if (changed.from() != null) {
                    moves.merge(new MoveKey(memberStore, day.withDayOfMonth(1), changed.from(), changed.to()), 1L,
                            Long::sum);
                }
            }
            // Counted from the member's state (tier, lots), which the page counts again for every member it names.
            case LoyaltyEvent.PointsAvailable available -> {
            }
            case LoyaltyEvent.MemberMerged merged -> {
            }
            case LoyaltyEvent.MemberErased erased -> {
            }
            case LoyaltyEvent.MemberUpdated updated -> {
            }
            case LoyaltyEvent.ConsentsChanged consents -> {
            }
            case LoyaltyEvent.VoucherIssued issued -> {
            }
            case LoyaltyEvent.VoucherUsed used -> {
            }
            case LoyaltyEvent.VoucherExpired expired -> {
            }
            case LoyaltyEvent.RewardBought bought -> {
            }
            case LoyaltyEvent.Unrecognised unrecognised -> {
            }
        }
    }

    private void points(String store, LocalDate day, Points moved) {
        points.merge(new StoreDay(store, day), moved, Points::plus);
    }

    public Map<SalesKey, Sales> sales() {
        return Map.copyOf(sales);
    }

    public Map<JoinKey, Long> joined() {
        return Map.copyOf(joined);
    }

    public Map<StoreDay, Points> points() {
        return Map.copyOf(points);
    }

    public Map<VisitKey, Integer> visits() {
        return Map.copyOf(visits);
    }

    public Map<MoveKey, Long> moves() {
        return Map.copyOf(moves);
    }

    /** Every member the page named: their tier and open lots are counted again. */
    public Set<UUID> touched() {
        return Set.copyOf(touched);
    }
}
