package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.MemberQuery;
import io.punchcard.loyalty.member.MemberSearch;
import io.punchcard.loyalty.search.Cursor;
import io.punchcard.loyalty.search.Page;

/**
 * Active members listed from PostgreSQL: a page of member rows, then the identifiers and consents in force of all
 * of them in one statement each, so a page of 500 costs three statements, not 1,500.
 */
public final class PgMemberSearch implements MemberSearch {

    private final Jdbc jdbc;

    public PgMemberSearch(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Page<Member> search(MemberQuery query) {
        Where where = new Where().add("status = 'ACTIVE'");
        if (query.name() != null) {
            where.add("(coalesce(given_name, '') || ' ' || coalesce(family_name, '')) ILIKE ? ESCAPE '\\'",
                    "%" + likeEscaped(query.name()) + "%");
        }
        where.equal("tier_code", query.tier());
        if (query.store() != null) {
            where.add("(join_store = ? OR preferred_store = ?)", query.store(), query.store());
        }
        where.from("created_at", query.joined().from());
        where.until("created_at", query.joined().to());
        where.before("created_at", query.after());
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(query.limit() + 1);
        String sql = "SELECT " + PgMembers.MEMBER_COLUMNS + " FROM member WHERE " + where.sql()
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        return jdbc.read(c -> {
            Map<UUID, ResultRow> rows = new LinkedHashMap<>();
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                try (ResultSet rs = Jdbc.bind(ps, parameters.toArray()).executeQuery()) {
                    while (rs.next() && ids.size() < query.limit() + 1) {
                        UUID id = rs.getObject("id", UUID.class);
                        ids.add(id);
                        rows.put(id, new ResultRow(rs));
                    }
                }
            }
            boolean more = ids.size() > query.limit();
            if (more) {
                rows.remove(ids.remove(ids.size() - 1));
            }
            Map<UUID, List<Identifier>> identifiers = identifiers(c, ids);
            Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> consents = consents(c, ids);
            List<Member> members = new ArrayList<>();
            for (UUID id : ids) {
                members.add(rows.get(id).member(identifiers.getOrDefault(id, List.of()),
                        consents.getOrDefault(id, new EnumMap<>(Member.ConsentChannel.class))));
            }
            Member last = members.isEmpty() ? null : members.get(members.size() - 1);
            return new Page<>(members, more ? new Cursor(last.createdAt(), last.id()) : null);
        });
    }

    /** A member row read before its identifiers and consents: the row's member, once they are known. */
    private static final class ResultRow {
        private final Member partial;

        ResultRow(ResultSet rs) throws SQLException {
            this.partial = PgMembers.member(rs, List.of(), Map.of());
        }

        Member member(List<Identifier> identifiers, Map<Member.ConsentChannel, Member.ConsentState> consents) {
            Member m = partial;
            return new Member(m.id(), m.status(), m.mergedInto(), m.givenName(), m.familyName(), m.birthday(),
                    m.language(), m.preferredStore(), m.joinChannel(), m.joinStore(), m.referralCode(), m.referredBy(),
                    m.tags(), identifiers, consents, m.tierCode(), m.tierSince(), m.pointsDebt(), m.createdAt(),
                    m.updatedAt());
        }
    }

    private static Map<UUID, List<Identifier>> identifiers(Connection c, List<UUID> ids) throws SQLException {
        Map<UUID, List<Identifier>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT member_id, kind, value FROM member_identifier WHERE member_id = ANY(?) AND active ORDER BY id")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Identifier(IdentifierKind.valueOf(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return found;
    }

    private static Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> consents(Connection c, List<UUID> ids)
            throws SQLException {
        Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT ON (member_id, channel) member_id, channel, granted, source, at FROM member_consent
                WHERE member_id = ANY(?) ORDER BY member_id, channel, id DESC""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getObject(1, UUID.class), k -> new EnumMap<>(Member.ConsentChannel.class))
                            .put(Member.ConsentChannel.valueOf(rs.getString(2)), new Member.ConsentState(
                                    rs.getBoolean(3), rs.getString(4), Jdbc.instant(rs.getTimestamp(5))));
                }
            }
        }
        return found;
    }

    /** {@code text} matched literally by LIKE: its wildcards and the escape character escaped. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
