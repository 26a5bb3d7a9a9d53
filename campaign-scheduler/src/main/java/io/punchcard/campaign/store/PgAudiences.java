package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.segment.SampleMember;
import io.punchcard.campaign.segment.SegmentSql;
import io.punchcard.campaign.segment.TagSource;

/**
 * Segments over the read model: counts, samples, the members in chunks, and the tags kept in {@code member_tag}.
 * Every statement runs a compiled {@link SegmentSql} as one set operation, so a segment of a million members is
 * one query, never a loop over members.
 */
public final class PgAudiences {

    /** How many members one chunk of {@link #forEachChunk} holds; a campaign plans one chunk per transaction. */
    public static final int MAX_CHUNK = 10_000;
    public static final int MAX_SAMPLE = 100;

    /** What a tag rule's refresh changed. */
    public record Refreshed(long added, long removed) {
    }

    private final Tx tx;

    public PgAudiences(DbClient db) {
        this.tx = new Tx(db);
    }

    /** How many members match. */
    public long count(SegmentSql segment) {
        return tx.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT count(*) FROM member_facts f WHERE " + segment.where(),
                    segment);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The first {@code n} members by id: the same members every time while the facts stay the same. */
    public List<SampleMember> sample(SegmentSql segment, int n) {
        if (n < 1 || n > MAX_SAMPLE) {
            throw new IllegalArgumentException("a sample is 1 to " + MAX_SAMPLE + " members");
        }
        return tx.read(c -> {
            List<SampleMember> sample = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT f.member_id, f.tier, f.preferred_store, f.last_purchase_at,"
                    + " f.spend_minor, f.points_available FROM member_facts f WHERE " + segment.where()
                    + " ORDER BY f.member_id LIMIT " + n, segment);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sample.add(new SampleMember(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            Tx.instant(rs.getTimestamp(4)), rs.getLong(5), rs.getLong(6)));
                }
            }
            return sample;
        });
    }

    /** Up to {@code limit} members after {@code after} (null: from the first), by id. */
    public List<UUID> members(SegmentSql segment, UUID after, int limit) {
        if (limit < 1 || limit > MAX_CHUNK) {
            throw new IllegalArgumentException("a chunk is 1 to " + MAX_CHUNK + " members");
        }
        return tx.read(c -> {
            List<UUID> ids = new ArrayList<>(limit);
            // Keyset, not OFFSET: each chunk starts at the primary key where the last one ended, at the same cost.
            String sql = "SELECT f.member_id FROM member_facts f WHERE " + (after == null ? "" : "f.member_id > ? AND ")
                    + "(" + segment.where() + ") ORDER BY f.member_id LIMIT " + limit;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int next = 1;
                if (after != null) {
                    ps.setObject(next++, after);
                }
                bind(c, ps, next, segment.binds());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /** Every member, in chunks of {@code chunk} ids in id order; a member who joins meanwhile may be included. */
    public void forEachChunk(SegmentSql segment, int chunk, Consumer<List<UUID>> each) {
        UUID after = null;
        while (true) {
            List<UUID> ids = members(segment, after, chunk);
            if (ids.isEmpty()) {
                return;
            }
            each.accept(ids);
            if (ids.size() < chunk) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /** Tags every member of the segment in one statement; how many had not had the tag. */
    public long tagAll(SegmentSql segment, String tag, TagSource source, String by, Instant at) {
        return tx.transaction(c -> tagAllIn(c, segment, tag, source, by, at));
    }

    /**
     * Brings the rows of {@code tag} that a rule set (source RULE) to the members the segment matches now: inserts
     * those newly matching, deletes those no longer matching, in one transaction. Rows of members whose answer did
     * not change are not written; a tag of the same name set by staff or a campaign is not touched.
     */
    public Refreshed refresh(SegmentSql segment, String tag, String by, Instant at) {
        return tx.transaction(c -> {
            long removed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM member_tag m WHERE m.tag = ? AND m.source = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM member_facts f WHERE f.member_id = m.member_id AND ("
                    + segment.where() + "))")) {
                Tx.bind(ps, tag, TagSource.RULE);
                bind(c, ps, 3, segment.binds());
                removed = ps.executeUpdate();
            }
            long added = tagAllIn(c, segment, tag, TagSource.RULE, by, at);
            return new Refreshed(added, removed);
        });
    }

    private static long tagAllIn(Connection c, SegmentSql segment, String tag, TagSource source, String by,
                                 Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_tag (member_id, tag, source, set_by, set_at)"
                + " SELECT f.member_id, ?, ?, ?, ? FROM member_facts f WHERE " + segment.where()
                + " ON CONFLICT (member_id, tag) DO NOTHING")) {
            Tx.bind(ps, tag, source, by, at);
            bind(c, ps, 5, segment.binds());
            return ps.executeUpdate();
        }
    }

    /** What setting one member's tag did. */
    public enum TagSet { ADDED, ALREADY_SET, UNKNOWN_MEMBER }

    /** Sets {@code tag} on a member the read model knows; a tag already set keeps who set it first. */
    public TagSet setTag(UUID member, String tag, TagSource source, String by, Instant at) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO member_tag (member_id, tag, source,"
                    + " set_by, set_at) SELECT f.member_id, ?, ?, ?, ? FROM member_facts f WHERE f.member_id = ?"
                    + " ON CONFLICT (member_id, tag) DO NOTHING"), tag, source, by, at, member)) {
                if (ps.executeUpdate() == 1) {
                    return TagSet.ADDED;
                }
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT 1 FROM member_facts WHERE member_id = ?"),
                    member); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? TagSet.ALREADY_SET : TagSet.UNKNOWN_MEMBER;
            }
        });
    }

    /** Removes a tag set in the scheduler, whoever set it; false when the member had no such tag here. */
    public boolean removeTag(UUID member, String tag) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM member_tag WHERE member_id = ?"
                    + " AND tag = ?"), member, tag)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, SegmentSql segment) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            bind(c, ps, 1, segment.binds());
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Binds a compiled segment's values from parameter {@code first} on. */
    static void bind(Connection c, PreparedStatement ps, int first, List<Object> binds) throws SQLException {
        int i = first;
        for (Object value : binds) {
            switch (value) {
                case SegmentSql.TextList list -> ps.setArray(i, c.createArrayOf("text", list.texts().toArray()));
                case SegmentSql.WholeList list -> ps.setArray(i, c.createArrayOf("bigint", list.numbers().toArray()));
                case Instant instant -> ps.setTimestamp(i, Timestamp.from(instant));
                case LocalDate date -> ps.setObject(i, date);
                case String text -> ps.setString(i, text);
                case Long number -> ps.setLong(i, number);
                case Boolean flag -> ps.setBoolean(i, flag);
                default -> throw new IllegalArgumentException("no binding for " + value.getClass().getSimpleName());
            }
            i++;
        }
    }
}
