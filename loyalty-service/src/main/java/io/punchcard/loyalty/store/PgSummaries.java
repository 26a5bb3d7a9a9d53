package io.punchcard.loyalty.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.member.CachedSummaries;
import io.punchcard.loyalty.member.Identifier;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.Summaries;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.Vouchers;

/** The member card computed from PostgreSQL, the truth the Redis cache copies. */
public final class PgSummaries implements Summaries, CachedSummaries.Source {

    private final Jdbc jdbc;
    private final Programs programs;
    private final Vouchers vouchers;
    private final Clock clock;

    public PgSummaries(Jdbc jdbc, Programs programs, Vouchers vouchers, Clock clock) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.vouchers = vouchers;
        this.clock = clock;
    }

    @Override
    public Optional<MemberSummary> summary(UUID memberId) {
        return compute(memberId).map(CachedSummaries.Computed::summary);
    }

    @Override
    public Optional<MemberSummary> summary(Identifier identifier) {
        return memberIdOf(identifier).flatMap(this::summary);
    }

    @Override
    public Optional<UUID> memberIdOf(Identifier identifier) {
        return jdbc.read(c -> Optional.ofNullable(PgMembers.memberIdOf(c, identifier)));
    }

    @Override
    public Optional<CachedSummaries.Computed> compute(UUID memberId) {
        Program program = programs.current().program();
        Instant now = clock.instant();
        List<Voucher> usable = vouchers.usable(memberId);
        return jdbc.read(c -> {
            Optional<Member> found = PgMembers.load(c, memberId).filter(m -> m.status() == Member.Status.ACTIVE);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Member member = found.get();
            List<Lots.Lot> lots = PgPoints.lots(c, memberId);
            Lots.Balance balance = Lots.balance(lots, member.pointsDebt(), now);
            TierLadder ladder = program.tiers();
            Tier tier = ladder.byCode(member.tierCode());
            long qualifying = PgPurchases.qualifying(c, memberId, ladder, now);
            Tier next = ladder.above(tier);
            MemberSummary.TierProgress progress = new MemberSummary.TierProgress(ladder.basis().name(), qualifying,
                    next == null ? null : next.code(), next == null ? 0 : Math.max(0, next.threshold() - qualifying));
            MemberSummary summary = new MemberSummary(memberId, member.displayName(), tier.code(), tier.name(),
                    tier.discountPercent(), progress, balance.available(), balance.pending(), balance.debt(),
                    usable.stream().map(Voucher::code).toList(), now);
            // The card stays right until points or vouchers change by time alone, or something is written.
            Instant staleAfter = now.plus(java.time.Duration.ofDays(1));
            for (Lots.Lot lot : lots) {
                staleAfter = earliestAfter(now, staleAfter, lot.availableAt());
                staleAfter = earliestAfter(now, staleAfter, lot.expiresAt());
            }
            for (Voucher voucher : usable) {
                staleAfter = earliestAfter(now, staleAfter, voucher.validUntil());
            }
            return Optional.of(new CachedSummaries.Computed(summary, member.identifiers(), staleAfter));
        });
    }

    private static Instant earliestAfter(Instant now, Instant current, Instant candidate) {
        return candidate.isAfter(now) && candidate.isBefore(current) ? candidate : current;
    }
}
