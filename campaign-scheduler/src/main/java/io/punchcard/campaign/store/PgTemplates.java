package io.punchcard.campaign.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessageTemplate;
import io.punchcard.campaign.message.TemplateSource;
import io.punchcard.campaign.message.TemplateVariant;

/**
 * The message templates in the scheduler's schema, versioned so that two managers editing one template cannot
 * overwrite each other unseen. The dispatcher reads them through a copy refreshed every few seconds: a template
 * is read for every message, and changed a few times a year.
 */
public final class PgTemplates implements TemplateSource {

    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    /** Far more templates than a chain writes; beyond it the copy starts afresh rather than grow without bound. */
    private static final int MAX_CACHED = 1_000;
    private static final TypeReference<Map<String, TemplateVariant>> VARIANTS = new TypeReference<>() {
    };

    /** A template as stored: its text, its version and who changed it last. */
    public record Stored(MessageTemplate template, int version, Instant updatedAt, String updatedBy) {
    }

    /** What saving gave. */
    public sealed interface Saved {
    }

    public record Created(Stored stored) implements Saved {
    }

    public record Updated(Stored stored) implements Saved {
    }

    /** Someone saved another version since the one the caller edited. */
    public record VersionConflict(int current) implements Saved {
    }

    private record Cached(Optional<MessageTemplate> template, Instant at) {
    }

    private final Tx tx;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PgTemplates(DbClient db, Clock clock) {
        this.tx = new Tx(db);
        this.clock = clock;
    }

    @Override
    public Optional<MessageTemplate> template(String code) {
        Instant now = clock.instant();
        Cached cached = cache.get(code);
        if (cached != null && cached.at().plus(FRESH_FOR).isAfter(now)) {
            return cached.template();
        }
        Optional<MessageTemplate> read = find(code).map(Stored::template);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(code, new Cached(read, now));
        return read;
    }

    public Optional<Stored> find(String code) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM message_template WHERE code = ?"), code);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        });
    }

    public List<Stored> list() {
        return tx.read(c -> {
            List<Stored> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM message_template ORDER BY code");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(stored(rs));
                }
            }
            return all;
        });
    }

    /**
     * Saves {@code template}: creates it when {@code expectedVersion} is null and none exists, replaces version
     * {@code expectedVersion} otherwise.
     */
    public Saved save(MessageTemplate template, Integer expectedVersion, String by) {
        Instant now = clock.instant();
        Saved saved = tx.transaction(c -> {
            Integer current = null;
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT version FROM message_template WHERE code = ? "
                    + "FOR UPDATE"), template.code());
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            if (current == null && expectedVersion == null) {
                try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO message_template (code, channel, "
                                + "fallback_language, variants, version, updated_at, updated_by) VALUES (?, ?, ?, ?::jsonb, 1, "
                                + "?, ?) ON CONFLICT (code) DO NOTHING"), template.code(), template.channel(),
                        template.fallbackLanguage(), Json.write(template.variants()), now, by)) {
                    if (ps.executeUpdate() == 1) {
                        return new Created(new Stored(template, 1, now, by));
                    }
                    return new VersionConflict(1);
                }
            }
            if (current == null || !current.equals(expectedVersion)) {
                return new VersionConflict(current == null ? 0 : current);
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE message_template SET channel = ?, "
                            + "fallback_language = ?, variants = ?::jsonb, version = version + 1, updated_at = ?, "
                            + "updated_by = ? WHERE code = ?"), template.channel(), template.fallbackLanguage(),
                    Json.write(template.variants()), now, by, template.code())) {
                ps.executeUpdate();
            }
            return new Updated(new Stored(template, current + 1, now, by));
        });
        cache.remove(template.code());
        return saved;
    }

    /** Deletes version {@code expectedVersion} of a template; empty when there is none, or another version. */
    public Optional<Integer> delete(String code, int expectedVersion) {
        Optional<Integer> result = tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM message_template WHERE code = ? "
                    + "AND version = ?"), code, expectedVersion)) {
                if (ps.executeUpdate() == 1) {
                    return Optional.of(expectedVersion);
                }
            }
            return Optional.<Integer>empty();
        });
        cache.remove(code);
        return result;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        MessageTemplate template = new MessageTemplate(rs.getString("code"), Channel.valueOf(rs.getString("channel")),
                rs.getString("fallback_language"), Json.read(rs.getString("variants"), VARIANTS));
        return new Stored(template, rs.getInt("version"), Tx.instant(rs.getTimestamp("updated_at")),
                rs.getString("updated_by"));
    }
}
