package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.member.CachedSummaries;
import io.punchcard.loyalty.member.Cards;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.StoredCard;
import io.punchcard.loyalty.member.Summaries;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.voucher.Vouchers;

/** The member card computed from PostgreSQL, the truth the Redis cache copies; one card or a batch of them. */
public final class PgSummaries implements Summaries, CachedSummaries.Source, Cards {

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
     * Everything a card needs but the qualifying total, in one round trip for any number of members: each active
     * member, their identifiers, their lots with points left, and their usable vouchers (as {@link Vouchers#usable}
     * selects them).
     */
    private static final String CARD = """
            SELECT m.id, m.given_name, m.family_name, m.tier_code, m.points_debt, ids.kinds, ids.ids_values,
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
            WHERE %s AND m.status = 'ACTIVE'""";

    @Override
    public Optional<CachedSummaries.Computed> compute(UUID memberId) {
        Program program = programs.current().program();
        Instant now = clock.instant();
        return jdbc.read(c -> Optional.ofNullable(computeAll(c, List.of(memberId), program.tiers(), now).get(memberId)));
    }

    /**
     * The members with {@code ids} as {@code GET /api/v1/members/{id}} gives them, each with the card {@link
     * #summary} gives, in one snapshot and five statements however many ids there are. Reads PostgreSQL, not the
     * Redis cache of cards: a batch is hundreds of members the tills are mostly not serving, whose cards would
     * miss the cache and then fill it for nothing.
     */
    @Override
    public Map<UUID, Cards.Card> cards(Set<UUID> ids) {
        Program program = programs.current().program();
        Instant now = clock.instant();
        return jdbc.snapshot(c -> {
            Map<UUID, Member> members = PgMembers.loadAll(c, ids);
            Map<UUID, CachedSummaries.Computed> computed = computeAll(c, members.keySet(), program.tiers(), now);
            Map<UUID, Cards.Card> cards = new HashMap<>();
            members.forEach((id, member) -> {
                CachedSummaries.Computed card = computed.get(id);
                cards.put(id, new Cards.Card(member, card == null ? null : card.summary()));
            });
            return cards;
        });
    }

    /** The cards of the active members among {@code ids} at {@code now}, in two statements. */
    private static Map<UUID, CachedSummaries.Computed> computeAll(Connection c, Collection<UUID> ids, TierLadder ladder,
                                                                  Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, StoredCard> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CARD.formatted(Jdbc.idsIn("m.id", ids)))) {
            try (ResultSet rs = Jdbc.bind(ps, now, now, Jdbc.ids(c, ids)).executeQuery()) {
                while (rs.next()) {
                    StoredCard card = stored(rs);
                    stored.put(card.memberId(), card);
                }
            }
        }
        Map<UUID, Long> qualifying = PgPurchases.qualifying(c, stored.keySet(), ladder, now);
        Map<UUID, Instant> oldest = PgPurchases.oldestCounting(c, stored.keySet(), ladder, now);
        Map<UUID, CachedSummaries.Computed> computed = new HashMap<>();
        stored.forEach((id, card) -> computed.put(id, card.card(ladder, qualifying.get(id), oldest.get(id), now)));
        return computed;
    }

    /** The card on the current row of {@link #CARD}. */
    private static StoredCard stored(ResultSet rs) throws SQLException {
        List<Identifier> identifiers = new ArrayList<>();
        String[] kinds = array(rs, 6, String[].class);
        String[] values = array(rs, 7, String[].class);
        for (int i = 0; i < kinds.length; i++) {
            identifiers.add(new Identifier(IdentifierKind.valueOf(kinds[i]), values[i]));
        }
        List<Lots.Lot> lots = new ArrayList<>();
        Long[] ids = array(rs, 8, Long[].class);
        Long[] remaining = array(rs, 9, Long[].class);
        Timestamp[] available = array(rs, 10, Timestamp[].class);
        Timestamp[] expires = array(rs, 11, Timestamp[].class);
        for (int i = 0; i < ids.length; i++) {
            lots.add(new Lots.Lot(ids[i], remaining[i], available[i].toInstant(), expires[i].toInstant()));
        }
        List<Instant> voucherEnds = new ArrayList<>();
        for (Timestamp until : array(rs, 13, Timestamp[].class)) {
            voucherEnds.add(until.toInstant());
        }
        return new StoredCard(rs.getObject(1, UUID.class), Member.displayName(rs.getString(2), rs.getString(3)),
                rs.getString(4), rs.getLong(5), identifiers, lots, List.of(array(rs, 12, String[].class)), voucherEnds);
    }

    /** An array column as a Java array; an aggregate over no rows is SQL NULL, read as empty. */
    private static <T> T array(ResultSet rs, int column, Class<T> type) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return type.cast(array == null ? java.lang.reflect.Array.newInstance(type.getComponentType(), 0) : array.getArray());
    }
}
