package io.punchcard.loyalty.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.member.Codes;

/**
 * API keys in PostgreSQL. A token is {@code pk_<id>_<secret>}; the table keeps the SHA-256 of the secret. The
 * secret has 160 random bits, so a fast hash is as safe as a slow one, and checking a request costs a hash and
 * a map lookup: keys are kept in memory for {@link #CACHE_FOR}, which is how long a revocation takes to reach
 * every instance.
 */
public final class PgApiKeys implements ApiKeys {

    static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final Jdbc jdbc;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Stored(ApiKey key, byte[] hash, boolean revoked) {
    }

    private record Cached(Optional<Stored> stored, Instant until) {
    }

    public PgApiKeys(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Created create(String name, Scope scope, String store) {
        String id = Codes.random(12).toLowerCase(java.util.Locale.ROOT);
        String secret = Codes.random(32).toLowerCase(java.util.Locale.ROOT);
        ApiKey key = new ApiKey(id, name, scope, scope == Scope.STORE ? store : null);
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_key (id, secret_hash, scope, store, name, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                Jdbc.bind(ps, id, sha256(secret), scope.name(), key.store(), name, clock.instant()).executeUpdate();
            }
            return null;
        });
        return new Created(key, "pk_" + id + "_" + secret);
    }

    @Override
    public Optional<ApiKey> verify(String token) {
        if (token == null || !token.startsWith("pk_") || token.length() > 100) {
            return Optional.empty();
        }
        String[] parts = token.split("_");
        if (parts.length != 3) {
            return Optional.empty();
        }
        return cached(parts[1])
                .filter(s -> MessageDigest.isEqual(s.hash(), sha256(parts[2])))
                .map(Stored::key);
    }

    @Override
    public Optional<ApiKey> active(String id) {
        return id == null || id.length() > 100 ? Optional.empty() : cached(id).map(Stored::key);
    }

    /** The key with {@code id} unless it is revoked, as read at most {@link #CACHE_FOR} ago. */
    private Optional<Stored> cached(String id) {
        Instant now = clock.instant();
        Cached cached = cache.get(id);
        if (cached == null || cached.until().isBefore(now)) {
            cached = new Cached(load(id), now.plus(CACHE_FOR));
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(id, cached);
        }
        return cached.stored().filter(s -> !s.revoked());
    }

    private Optional<Stored> load(String id) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, scope, store, secret_hash, revoked_at FROM api_key WHERE id = ?")) {
                try (ResultSet rs = Jdbc.bind(ps, id).executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(new ApiKey(rs.getString(1), rs.getString(2), Scope.valueOf(rs.getString(3)),
                            rs.getString(4)), rs.getBytes(5), rs.getTimestamp(6) != null));
                }
            }
        });
    }

    @Override
    public List<Listed> list() {
        return jdbc.read(c -> {
            List<Listed> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, scope, store, revoked_at FROM api_key ORDER BY created_at")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new Listed(new ApiKey(rs.getString(1), rs.getString(2), Scope.valueOf(rs.getString(3)),
                                rs.getString(4)), rs.getTimestamp(5) != null));
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public boolean revoke(String id) {
        boolean revoked = jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_key SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")) {
                if (Jdbc.bind(ps, clock.instant(), id).executeUpdate() != 1) {
                    return false;
                }
            }
            // A kiosk's sessions die with its key, so a new key for the kiosk starts with none.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kiosk_session WHERE api_key_id = ?")) {
                Jdbc.bind(ps, id).executeUpdate();
            }
            return true;
        });
        cache.remove(id);
        return revoked;
    }

    /** True when no key exists yet (a new installation). */
    public boolean none() {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM api_key)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** The SHA-256 of a secret, as keys and kiosk sessions keep it. */
    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
