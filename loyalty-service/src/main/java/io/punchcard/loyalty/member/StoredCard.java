package io.punchcard.loyalty.member;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.tier.TierRules;

/**
 * An active member's card as stored — who, which tier, the points owed, the lots with points left, the vouchers
 * usable — and the card the rules make of it at a moment. The one rule for the till's card and a batch of cards.
 *
 * @param memberId    the member
 * @param displayName given name and the surname's initial
 * @param tierCode    their tier
 * @param debt        points owed after refunds
 * @param identifiers their identifiers in force, to find the card by
 * @param lots        their lots with points left
 * @param vouchers    codes of their vouchers usable now, soonest to end first
 * @param voucherEnds when each of those vouchers ends, in the same order
 */
public record StoredCard(UUID memberId, String displayName, String tierCode, long debt, List<Identifier> identifiers,
                         List<Lots.Lot> lots, List<String> vouchers, List<Instant> voucherEnds) {

    public StoredCard {
        identifiers = List.copyOf(identifiers);
        lots = List.copyOf(lots);
        vouchers = List.copyOf(vouchers);
        voucherEnds = List.copyOf(voucherEnds);
    }

    /**
     * The card at {@code now}, given the member's qualifying total over the tier window and when the oldest purchase
     * that counts in it occurred (null when none does); and until when it holds.
     */
    public CachedSummaries.Computed card(TierLadder ladder, long qualifying, Instant oldestCounting, Instant now) {
        Lots.Balance balance = Lots.balance(lots, debt, now);
        Tier tier = ladder.byCode(tierCode);
        Tier next = ladder.above(tier);
        Instant neededBy = TierRules.neededBy(ladder, next, oldestCounting);
        MemberSummary.TierProgress progress = new MemberSummary.TierProgress(ladder.basis().name(), qualifying,
                next == null ? null : next.code(), next == null ? 0 : Math.max(0, next.threshold() - qualifying),
                neededBy);
        Lots.Expiring expiring = Lots.expiring(lots, debt, now, Duration.ofDays(MemberSummary.EXPIRY_NOTICE_DAYS));
        MemberSummary summary = new MemberSummary(memberId, displayName, tier.code(), tier.name(),
                tier.discountPercent(), progress, balance.available(), balance.pending(), balance.debt(),
                vouchers, now, expiring.points(), expiring.firstAt(),
                Lots.pendingSchedule(lots, now, MemberSummary.MAX_PENDING_SHOWN));
        // The card stays right until points or vouchers change by time alone, or something is written.
        Instant staleAfter = now.plus(Duration.ofDays(1));
        for (Lots.Lot lot : lots) {
            staleAfter = earliestAfter(now, staleAfter, lot.availableAt());
            staleAfter = earliestAfter(now, staleAfter, lot.expiresAt());
        }
        for (Instant until : voucherEnds) {
            staleAfter = earliestAfter(now, staleAfter, until);
        }
        // When the oldest purchase leaves the window, the qualifying total and the deadline move.
        if (oldestCounting != null) {
            staleAfter = earliestAfter(now, staleAfter, TierRules.leavesWindow(ladder, oldestCounting));
        }
        return new CachedSummaries.Computed(summary, identifiers, staleAfter);
    }

    private static Instant earliestAfter(Instant now, Instant current, Instant candidate) {
        return candidate.isAfter(now) && candidate.isBefore(current) ? candidate : current;
    }
}
