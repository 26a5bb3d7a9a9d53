package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.campaign.segment.Rule;
import io.punchcard.campaign.segment.RuleJson;

/**
 * Saved segments and tag rules, each a validated rule stored as the language's JSON, versioned so that two managers
 * editing one cannot overwrite each other unseen.
 */
public final class PgSegments {

    /** More saved segments or tag rules than a program keeps; a list answers at most this many. */
    public static final int MAX_LISTED = 1_000;

    public record StoredSegment(long id, String name, Rule rule, int version, Instant createdAt, String createdBy,
                                Instant updatedAt, String updatedBy) {
    }

    public record StoredTagRule(String tag, Rule rule, int version, Instant updatedAt, String updatedBy,
                                Instant refreshedAt) {
    }

    /** What a change of a segment or a tag rule gave. */
    public sealed interface Saved<T> {
    }

    public record Done<T>(T stored) implements Saved<T> {
    }

    /** Another segment has the name (names are unique regardless of case), or the tag has a rule already. */
    public record Taken<T>() implements Saved<T> {
    }

    public record Missing<T>() implements Saved<T> {
    }

    /** Someone saved another version since the one the caller edited. */
    public record VersionConflict<T>(int current) implements Saved<T> {
    }

    private final Tx tx;
    private final Clock clock;

    public PgSegments(DbClient db, Clock clock) {
        this.tx = new Tx(db);
        this.clock = clock;
    }

    // --- segments -------------------------------------------------------------------------------------------------

    public Saved<StoredSegment> create(String name, Rule rule, String by) {
        Instant now = clock.instant();
        return tx.transaction(c -> {
            if (nameTaken(c, name, null)) {
                return new Taken<>();
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO segment (name, rule, version, created_at,"
                    + " created_by, updated_at, updated_by) VALUES (?, ?::jsonb, 1, ?, ?, ?, ?) RETURNING *"),
                    name, json(rule), now, by, now, by); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Done<>(segment(rs));
            }
        });
    }

    public Saved<StoredSegment> update(long id, int expectedVersion, String name, Rule rule, String by) {
        Instant now = clock.instant();
        return tx.transaction(c -> {
            Integer current = version(c, "SELECT version FROM segment WHERE id = ? FOR UPDATE", id);
            if (current == null) {
                return new Missing<>();
            }
            if (current != expectedVersion) {
                return new VersionConflict<>(current);
            }
            if (nameTaken(c, name, id)) {
                return new Taken<>();
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE segment SET name = ?, rule = ?::jsonb,"
                    + " version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? RETURNING *"),
                    name, json(rule), now, by, id); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Done<>(segment(rs));
            }
        });
    }

    public Optional<StoredSegment> find(long id) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM segment WHERE id = ?"), id);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(segment(rs)) : Optional.empty();
            }
        });
    }

    /** The segments by name. */
    public List<StoredSegment> list() {
        return tx.read(c -> {
            List<StoredSegment> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM segment ORDER BY lower(name), id LIMIT "
                    + MAX_LISTED); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(segment(rs));
                }
            }
            return all;
        });
    }

    /** What a delete did. */
    public enum Deleted {
        DELETED,
        MISSING,
        /** A campaign that is not finished names it as its audience. */
        IN_USE
    }

    public Deleted delete(long id) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id FROM campaign WHERE status <> 'FINISHED' "
                    + "AND spec->'audience'->>'segment' = ? FOR SHARE"), Long.toString(id));
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Deleted.IN_USE;
                }
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM segment WHERE id = ?"), id)) {
                return ps.executeUpdate() == 1 ? Deleted.DELETED : Deleted.MISSING;
            }
        });
    }

    private static boolean nameTaken(Connection c, String name, Long except) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT 1 FROM segment WHERE lower(name) = lower(?)"
                + " AND id IS DISTINCT FROM ?"), name, except); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static StoredSegment segment(ResultSet rs) throws SQLException {
        return new StoredSegment(rs.getLong("id"), rs.getString("name"), rule(rs.getString("rule")), rs.getInt("version"),
                Tx.instant(rs.getTimestamp("created_at")), rs.getString("created_by"),
                Tx.instant(rs.getTimestamp("updated_at")), rs.getString("updated_by"));
    }

    // --- tag rules ------------------------------------------------------------------------------------------------

    public Saved<StoredTagRule> createTagRule(String tag, Rule rule, String by) {
        Instant now = clock.instant();
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO tag_rule (tag, rule, version, updated_at,"
                    + " updated_by) VALUES (?, ?::jsonb, 1, ?, ?) ON CONFLICT (tag) DO NOTHING RETURNING *"),
                    tag, json(rule), now, by); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Done<>(tagRule(rs)) : new Taken<>();
            }
        });
    }

    public Saved<StoredTagRule> updateTagRule(String tag, int expectedVersion, Rule rule, String by) {
        Instant now = clock.instant();
        return tx.transaction(c -> {
            Integer current = version(c, "SELECT version FROM tag_rule WHERE tag = ? FOR UPDATE", tag);
            if (current == null) {
                return new Missing<>();
            }
            if (current != expectedVersion) {
                return new VersionConflict<>(current);
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE tag_rule SET rule = ?::jsonb,"
                    + " version = version + 1, updated_at = ?, updated_by = ? WHERE tag = ? RETURNING *"),
                    json(rule), now, by, tag); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Done<>(tagRule(rs));
            }
        });
    }

    public Optional<StoredTagRule> findTagRule(String tag) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM tag_rule WHERE tag = ?"), tag);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(tagRule(rs)) : Optional.empty();
            }
        });
    }

    public List<StoredTagRule> tagRules() {
        return tx.read(c -> {
            List<StoredTagRule> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tag_rule ORDER BY tag LIMIT " + MAX_LISTED);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(tagRule(rs));
                }
            }
            return all;
        });
    }

    /** Deletes the rule; the tags it set stay until someone removes them (a campaign may still use them). */
    public boolean deleteTagRule(String tag) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM tag_rule WHERE tag = ?"), tag)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void markRefreshed(String tag, Instant at) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE tag_rule SET refreshed_at = ? WHERE tag = ?"),
                    at, tag)) {
                return ps.executeUpdate();
            }
        });
    }

    private static StoredTagRule tagRule(ResultSet rs) throws SQLException {
        return new StoredTagRule(rs.getString("tag"), rule(rs.getString("rule")), rs.getInt("version"),
                Tx.instant(rs.getTimestamp("updated_at")), rs.getString("updated_by"),
                Tx.instant(rs.getTimestamp("refreshed_at")));
    }

    // --- both -----------------------------------------------------------------------------------------------------

    private static Integer version(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement(sql), key); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static String json(Rule rule) {
        return RuleJson.write(rule).toString();
    }

    /** A stored rule, read as it was validated before it was stored. */
    private static Rule rule(String json) {
        try {
            return switch (RuleJson.read(Json.mapper().readTree(json), "rule")) {
                case RuleJson.Read read -> read.rule();
                case RuleJson.Refused refused -> throw new IllegalStateException("A stored rule no longer reads: "
                        + refused.problems());
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored rule is not JSON", e);
        }
    }
}
