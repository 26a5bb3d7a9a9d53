package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.identity.Identifier;
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
        if (!query.scope().isEmpty()) {
            String[] stores = query.scope().toArray(String[]::new);
            where.add("(join_store = ANY(?) OR preferred_store = ANY(?) OR EXISTS (SELECT 1 FROM purchase p "
                    + "WHERE p.member_id = member.id AND p.store = ANY(?)))", stores, stores, stores);
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
            Map<UUID, List<Identifier>> identifiers = PgMembers.identifiers(c, ids);
            Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> consents = PgMembers.consents(c, ids);
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

    /** {@code text} matched literally by LIKE: its wildcards and the escape character escaped. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
