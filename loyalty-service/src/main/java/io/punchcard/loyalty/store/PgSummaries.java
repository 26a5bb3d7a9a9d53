package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.member.CachedSummaries;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.Summaries;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.voucher.Vouchers;

/** The member card computed from PostgreSQL, the truth the Redis cache copies. */
public final class PgSummaries implements Summaries, CachedSummaries.Source {

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;

    public PgSummaries(Jdbc jdbc, Programs programs, Clock clock) {
        this.jdbc = jdbc;
        this.programs = programs;
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

    /**
     * Everything a card needs but the qualifying total, in one round trip: the member, their identifiers, their
     * lots with points left, and their usable vouchers (as {@link Vouchers#usable} selects them).
     */
    private static final String CARD = """
            SELECT m.given_name, m.family_name, m.tier_code, m.points_debt, ids.kinds, ids.ids_values,
                   lots.ids, lots.remaining, lots.available, lots.expires, vs.codes, vs.until
            FROM member m
            LEFT JOIN LATERAL (SELECT array_agg(i.kind ORDER BY i.id) AS kinds, array_agg(i.value ORDER BY i.id) AS ids_values
                               FROM member_identifier i WHERE i.member_id = m.id AND i.active) ids ON true
            LEFT JOIN LATERAL (SELECT array_agg(l.id ORDER BY l.id) AS ids, array_agg(l.remaining ORDER BY l.id) AS remaining,
                                      array_agg(l.available_at ORDER BY l.id) AS available,
                                      array_agg(l.expires_at ORDER BY l.id) AS expires
                               FROM points_lot l WHERE l.member_id = m.id AND l.remaining > 0) lots ON true
            LEFT JOIN LATERAL (SELECT array_agg(v.code ORDER BY v.valid_until) AS codes,
                                      array_agg(v.valid_until ORDER BY v.valid_until) AS until
                               FROM voucher v WHERE v.member_id = m.id AND v.status = 'ISSUED'
                                 AND v.valid_from <= ? AND v.valid_until > ?) vs ON true
            WHERE m.id = ? AND m.status = 'ACTIVE'""";

    @Override
    public Optional<CachedSummaries.Computed> compute(UUID memberId) {
        Program program = programs.current().program();
        Instant now = clock.instant();
        TierLadder ladder = program.tiers();
        return jdbc.read(c -> {
            String displayName;
            String tierCode;
            long debt;
            List<Identifier> identifiers = new ArrayList<>();
            List<Lots.Lot> lots = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            List<Instant> voucherEnds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CARD)) {
                try (ResultSet rs = Jdbc.bind(ps, now, now, memberId).executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    displayName = Member.displayName(rs.getString(1), rs.getString(2));
                    tierCode = rs.getString(3);
                    debt = rs.getLong(4);
                    String[] kinds = array(rs, 5, String[].class);
                    String[] values = array(rs, 6, String[].class);
                    for (int i = 0; i < kinds.length; i++) {
                        identifiers.add(new Identifier(IdentifierKind.valueOf(kinds[i]), values[i]));
                    }
                    Long[] ids = array(rs, 7, Long[].class);
                    Long[] remaining = array(rs, 8, Long[].class);
                    Timestamp[] available = array(rs, 9, Timestamp[].class);
                    Timestamp[] expires = array(rs, 10, Timestamp[].class);
                    for (int i = 0; i < ids.length; i++) {
                        lots.add(new Lots.Lot(ids[i], remaining[i], available[i].toInstant(), expires[i].toInstant()));
                    }
                    codes.addAll(List.of(array(rs, 11, String[].class)));
                    for (Timestamp until : array(rs, 12, Timestamp[].class)) {
                        voucherEnds.add(until.toInstant());
                    }
                }
            }
            Lots.Balance balance = Lots.balance(lots, debt, now);
            Tier tier = ladder.byCode(tierCode);
            long qualifying = PgPurchases.qualifying(c, memberId, ladder, now);
            Tier next = ladder.above(tier);
            MemberSummary.TierProgress progress = new MemberSummary.TierProgress(ladder.basis().name(), qualifying,
                    next == null ? null : next.code(), next == null ? 0 : Math.max(0, next.threshold() - qualifying));
            Lots.Expiring expiring = Lots.expiring(lots, debt, now,
                    java.time.Duration.ofDays(MemberSummary.EXPIRY_NOTICE_DAYS));
            MemberSummary summary = new MemberSummary(memberId, displayName, tier.code(), tier.name(),
                    tier.discountPercent(), progress, balance.available(), balance.pending(), balance.debt(),
                    List.copyOf(codes), now, expiring.points(), expiring.firstAt());
            // The card stays right until points or vouchers change by time alone, or something is written.
            Instant staleAfter = now.plus(java.time.Duration.ofDays(1));
            for (Lots.Lot lot : lots) {
                staleAfter = earliestAfter(now, staleAfter, lot.availableAt());
                staleAfter = earliestAfter(now, staleAfter, lot.expiresAt());
            }
            for (Instant until : voucherEnds) {
                staleAfter = earliestAfter(now, staleAfter, until);
            }
            return Optional.of(new CachedSummaries.Computed(summary, identifiers, staleAfter));
        });
    }

    /** An array column as a Java array; an aggregate over no rows is SQL NULL, read as empty. */
    private static <T> T array(ResultSet rs, int column, Class<T> type) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return type.cast(array == null ? java.lang.reflect.Array.newInstance(type.getComponentType(), 0) : array.getArray());
    }

    private static Instant earliestAfter(Instant now, Instant current, Instant candidate) {
        return candidate.isAfter(now) && candidate.isBefore(current) ? candidate : current;
    }
}
