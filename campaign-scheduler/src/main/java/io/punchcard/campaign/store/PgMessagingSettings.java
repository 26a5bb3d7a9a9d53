package io.punchcard.campaign.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.campaign.message.MessagingSettings;

/**
 * The send rules staff edit (caps, quiet hours, rates), one versioned row shared by every instance, and the
 * secret unsubscribe links are signed with, made on first start so that every instance signs and checks alike.
 * Workers read the rules through a copy at most a few seconds old.
 */
public final class PgMessagingSettings implements Supplier<MessagingSettings> {

    private static final Duration FRESH_FOR = Duration.ofSeconds(3);

    /** The rules in force, their version, and who set them. */
    public record Versioned(MessagingSettings settings, int version, Instant updatedAt, String updatedBy) {
    }

    private record Cached(Versioned settings, Instant at) {
    }

    private final Tx tx;
    private final Clock clock;
    private final byte[] linkSecret;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    /** Reads the row, making it with {@code initial} and a fresh secret on a new installation. */
    public PgMessagingSettings(DbClient db, Clock clock, MessagingSettings initial) {
        this.tx = new Tx(db);
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.linkSecret = tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO messaging_settings (settings, version, "
                    + "updated_at, updated_by, link_secret) VALUES (?::jsonb, 1, ?, 'configuration', ?) "
                    + "ON CONFLICT (id) DO NOTHING"), Json.write(SettingsDocument.of(initial)), clock.instant(), secret)) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT link_secret FROM messaging_settings");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        });
    }

    /** The secret unsubscribe links are signed with. */
    public byte[] linkSecret() {
        return linkSecret.clone();
    }

    @Override
    public MessagingSettings get() {
        return current().settings();
    }

    public Versioned current() {
        Instant now = clock.instant();
        Cached copy = cached.get();
        if (copy != null && copy.at().plus(FRESH_FOR).isAfter(now)) {
            return copy.settings();
        }
        Versioned read = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT settings, version, updated_at, updated_by "
                    + "FROM messaging_settings");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Versioned(Json.read(rs.getString(1), SettingsDocument.class).settings(), rs.getInt(2),
                        Tx.instant(rs.getTimestamp(3)), rs.getString(4));
            }
        });
        cached.set(new Cached(read, now));
        return read;
    }

    /** Replaces version {@code expectedVersion} of the rules; empty when another version is in force. */
    public Optional<Versioned> replace(MessagingSettings settings, int expectedVersion, String by) {
        Instant now = clock.instant();
        Optional<Versioned> saved = tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE messaging_settings SET settings = ?::jsonb, "
                    + "version = version + 1, updated_at = ?, updated_by = ? WHERE version = ?"),
                    Json.write(SettingsDocument.of(settings)), now, by, expectedVersion)) {
                return ps.executeUpdate() == 1 ? Optional.of(new Versioned(settings, expectedVersion + 1, now, by))
                        : Optional.<Versioned>empty();
            }
        });
        cached.set(null);
        return saved;
    }
}
