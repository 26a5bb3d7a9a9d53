package io.punchcard.campaign.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EventPage.FeedEvent;

/**
 * How each kind of event changes a member's facts: one pure function, {@link #apply}. Its choices:
 *
 * <ul>
 *   <li>A purchase's day is its sale's date in the member's zone, else the program's, when it is recorded.</li>
 *   <li>Windows end on the later of their current end, the program's today and the purchase's day: one date for
 *       every member (a member far east of the program may have bought on the program's tomorrow), so the daily roll
 *       moves them all at once and a rebuild on a later day ends with what the rolls gave. They never move back.</li>
 *   <li>Spend is what was paid less what refunds gave back, taken from the purchase's own day. A refunded
 *       purchase stays a purchase and its day a visit.</li>
 *   <li>Imported past sales count like any other: they are real sales.</li>
 *   <li>A merge moves the duplicate's purchases to the survivor, which then counts them; the duplicate stays as
 *       MERGED with no purchases or points of its own; a purchase reported for it later counts for the survivor.
 *       Points moved by the merge are added to the survivor's available points until the next points event gives
 *       the balance.</li>
 *   <li>Points facts are the balance the latest points event carried.</li>
 *   <li>An entry that is not the shape of its kind (an older core) is ignored, like a kind this scheduler does not
 *       know: the feed must never stop at one entry.</li>
 * </ul>
 */
public final class FactRules {

    /** How many merges a purchase of a merged-away member is followed through to its survivor. */
    public static final int MAX_MERGE_HOPS = 5;

    private FactRules() {
    }

    /**
     * What {@code entry} changes, given what is {@code known}.
     *
     * @param programZone the zone of members who have none
     * @param now         the present, which decides the program's today, where windows end
     */
    public static Change apply(Known known, FeedEvent entry, ZoneId programZone, Instant now) {
        LoyaltyEvent event;
        try {
            event = entry.event();
        } catch (IllegalArgumentException e) {
            return new Change.Ignored("not the shape of a " + entry.type() + " event");
        }
        UUID id = uuid(entry.memberId());
        if (id == null) {
            return new Change.Ignored("names no member");
        }
        MemberFacts before = known.member(id).orElseGet(() -> MemberFacts.unknown(id, entry.at()));
        return switch (event) {
            case LoyaltyEvent.MemberJoined joined -> joined.member() == null ? new Change.Ignored("no member facts")
                    : updated(profile(before, joined.member()), entry);
            case LoyaltyEvent.MemberUpdated updated -> updated.member() == null ? new Change.Ignored("no member facts")
                    : updated(profile(before, updated.member()), entry);
            case LoyaltyEvent.ConsentsChanged consents -> {
                MemberFacts.Draft d = before.draft();
                d.emailConsent = granted(consents.consents(), "email", d.emailConsent);
                d.smsConsent = granted(consents.consents(), "sms", d.smsConsent);
                yield updated(d, entry);
            }
            case LoyaltyEvent.TierChanged tier -> {
                MemberFacts.Draft d = before.draft();
                d.tier = tier.to();
                yield updated(d, entry);
            }
            case LoyaltyEvent.PointsEvent points -> {
                if (points.balance() == null) {
                    yield new Change.Ignored("no balance");
                }
                MemberFacts.Draft d = before.draft();
                d.pointsAvailable = points.balance().available();
                d.pointsPending = points.balance().pending();
                d.pointsDebt = points.balance().debt();
                d.pointsExpiring = points.balance().expiring();
                yield updated(d, entry);
            }
            case LoyaltyEvent.PurchaseRecorded purchase -> purchased(known, survivorOf(known, before), purchase, entry,
                    programZone, now);
            case LoyaltyEvent.RefundRecorded refund -> refunded(known, refund, entry, programZone, now);
            case LoyaltyEvent.MemberMerged merge -> merged(known, before, merge, entry, programZone, now);
            case LoyaltyEvent.MemberErased erased -> new Change.Erased(id);
            case LoyaltyEvent.VoucherIssued v -> new Change.Ignored("vouchers are not facts");
            case LoyaltyEvent.VoucherUsed v -> new Change.Ignored("vouchers are not facts");
            case LoyaltyEvent.VoucherExpired v -> new Change.Ignored("vouchers are not facts");
            case LoyaltyEvent.RewardBought r -> new Change.Ignored("rewards are not facts; its points event is");
            case LoyaltyEvent.Unrecognised u -> new Change.Ignored("a kind this scheduler does not know: " + u.name());
        };
    }

    private static Change purchased(Known known, MemberFacts before, LoyaltyEvent.PurchaseRecorded p, FeedEvent entry,
                                    ZoneId programZone, Instant now) {
        if (p.purchaseId() == null) {
            return new Change.Ignored("a purchase without its id");
        }
        if (known.purchase(p.purchaseId()).isPresent()) {
            return new Change.Ignored("a purchase already counted");
        }
        ZoneId zone = before.zone(programZone);
        Instant at = p.occurredAt() == null ? entry.at() : p.occurredAt();
        LocalDate day = LocalDate.ofInstant(at, zone);
        PurchaseFact fact = new PurchaseFact(p.purchaseId(), before.memberId(), at, day, p.store(), p.channel(),
                p.totalMinor(), p.eligibleMinor(), 0, p.points(), sorted(p.categories()), p.history());
        List<PurchaseFact> theirs = new ArrayList<>(known.purchasesOf(before.memberId()));
        theirs.add(fact);
        MemberFacts.Draft d = before.draft();
        d.purchases = before.purchases() + 1;
        d.spendMinor = before.spendMinor() + fact.spendMinor();
        d.firstPurchaseAt = before.firstPurchaseAt() == null || at.isBefore(before.firstPurchaseAt()) ? at
                : before.firstPurchaseAt();
        d.lastPurchaseAt = before.lastPurchaseAt() == null || at.isAfter(before.lastPurchaseAt()) ? at
                : before.lastPurchaseAt();
        d.categories = union(before.categories(), fact.categories());
        d.windows = Windows.of(theirs, windowsEnd(before, LocalDate.ofInstant(now, programZone), day));
        d.updatedAt = entry.at();
        List<RulePointsFact> rulePoints = new ArrayList<>();
        for (LoyaltyEvent.RulePoints rule : p.rules()) {
            // Only a campaign's rules cost a campaign anything; the program's own rules are not counted here.
            if (rule.campaign() != null && rule.rule() != null) {
                rulePoints.add(new RulePointsFact(p.purchaseId(), rule.rule(), rule.campaign(), before.memberId(),
                        rule.points(), at));
            }
        }
        return new Change.Purchased(d.facts(), fact, rulePoints);
    }

    private static Change refunded(Known known, LoyaltyEvent.RefundRecorded r, FeedEvent entry, ZoneId programZone,
                                   Instant now) {
        PurchaseFact purchase = r.purchaseId() == null ? null : known.purchase(r.purchaseId()).orElse(null);
        if (purchase == null) {
            return new Change.Ignored("a refund of a purchase the read model does not have");
        }
        PurchaseFact after = purchase.refunded(r.eligibleMinor());
        MemberFacts owner = known.member(purchase.memberId())
                .orElseGet(() -> MemberFacts.unknown(purchase.memberId(), entry.at()));
        List<PurchaseFact> theirs = new ArrayList<>(known.purchasesOf(owner.memberId()));
        theirs.removeIf(p -> p.purchaseId().equals(purchase.purchaseId()));
        theirs.add(after);
        MemberFacts.Draft d = owner.draft();
        d.spendMinor = owner.spendMinor() - r.eligibleMinor();
        d.windows = Windows.of(theirs, windowsEnd(owner, LocalDate.ofInstant(now, programZone), null));
        d.updatedAt = entry.at();
        return new Change.Refunded(d.facts(), after);
    }

    private static Change merged(Known known, MemberFacts survivorBefore, LoyaltyEvent.MemberMerged m, FeedEvent entry,
                                 ZoneId programZone, Instant now) {
        if (m.duplicate() == null || m.duplicate().equals(survivorBefore.memberId())) {
            return new Change.Ignored("a merge without a duplicate");
        }
        MemberFacts duplicate = known.member(m.duplicate()).orElseGet(() -> MemberFacts.unknown(m.duplicate(), entry.at()));
        MemberFacts.Draft s = m.member() == null ? survivorBefore.draft() : profile(survivorBefore, m.member());
        s.purchases = survivorBefore.purchases() + duplicate.purchases();
        s.spendMinor = survivorBefore.spendMinor() + duplicate.spendMinor();
        s.firstPurchaseAt = earlier(survivorBefore.firstPurchaseAt(), duplicate.firstPurchaseAt());
        s.lastPurchaseAt = later(survivorBefore.lastPurchaseAt(), duplicate.lastPurchaseAt());
        s.categories = union(survivorBefore.categories(), duplicate.categories());
        s.pointsAvailable = survivorBefore.pointsAvailable() + m.pointsMoved();
        List<PurchaseFact> both = new ArrayList<>(known.purchasesOf(survivorBefore.memberId()));
        both.addAll(known.purchasesOf(duplicate.memberId()));
        LocalDate end = windowsEnd(survivorBefore, LocalDate.ofInstant(now, programZone), duplicate.windows().on());
        s.windows = Windows.of(both, end);
        s.updatedAt = entry.at();

        MemberFacts.Draft d = duplicate.draft();
        d.status = MemberFacts.Status.MERGED;
        d.mergedInto = survivorBefore.memberId();
        d.purchases = 0;
        d.spendMinor = 0;
        d.firstPurchaseAt = null;
        d.lastPurchaseAt = null;
        d.categories = List.of();
        d.windows = Windows.empty(end);
        d.pointsAvailable = 0;
        d.pointsPending = 0;
        d.pointsDebt = 0;
        d.pointsExpiring = List.of();
        d.updatedAt = entry.at();
        return new Change.Merged(s.facts(), d.facts());
    }

    /** The member whose purchases {@code member}'s count as: the one they were merged into, through every merge. */
    private static MemberFacts survivorOf(Known known, MemberFacts member) {
        MemberFacts current = member;
        // A bound, not a walk of the whole table: merges of merges are rare and never circular in the core.
        for (int hop = 0; hop < MAX_MERGE_HOPS && current.status() == MemberFacts.Status.MERGED
                && current.mergedInto() != null; hop++) {
            MemberFacts next = known.member(current.mergedInto()).orElse(null);
            if (next == null) {
                break;
            }
            current = next;
        }
        return current;
    }

    /** The member's profile as {@code m} gives it, over what was known. */
    private static MemberFacts.Draft profile(MemberFacts before, LoyaltyEvent.MemberFacts m) {
        MemberFacts.Draft d = before.draft();
        d.birthday = m.birthday();
        d.language = m.language();
        d.timeZone = m.timeZone();
        d.preferredStore = m.preferredStore();
        d.joinStore = m.joinStore();
        d.joinChannel = m.joinChannel();
        d.joinedAt = m.joinedAt();
        d.emailConsent = granted(m.consents(), "email", false);
        d.smsConsent = granted(m.consents(), "sms", false);
        d.coreTags = m.tags().stream().filter(java.util.Objects::nonNull).sorted().distinct().toList();
        d.referralCode = m.referralCode();
        d.referredBy = m.referredBy();
        d.tier = m.tier() == null ? before.tier() : m.tier();
        return d;
    }

    private static Change updated(MemberFacts.Draft d, FeedEvent entry) {
        d.updatedAt = entry.at();
        return new Change.Updated(d.facts());
    }

    /** The end of the member's windows after an event: never earlier than it was, their today or {@code day}. */
    private static LocalDate windowsEnd(MemberFacts member, LocalDate today, LocalDate day) {
        LocalDate end = member.windows().onOrAfter(today);
        return day != null && day.isAfter(end) ? day : end;
    }

    /** The channel's consent, the feed naming channels in either case ({@code EMAIL}, {@code email}). */
    private static boolean granted(Map<String, Consent> consents, String channel, boolean otherwise) {
        for (Map.Entry<String, Consent> e : consents.entrySet()) {
            if (channel.equalsIgnoreCase(e.getKey()) && e.getValue() != null) {
                return e.getValue().granted();
            }
        }
        return otherwise;
    }

    private static List<String> sorted(Collection<String> values) {
        return union(List.of(), values);
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        SortedSet<String> all = new TreeSet<>(a);
        b.stream().filter(java.util.Objects::nonNull).forEach(all::add);
        return List.copyOf(all);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
