package io.punchcard.loyalty.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Violation;

/**
 * The program in the {@code program_version} table. Every instance keeps the version in force in memory and
 * looks for a newer one at most every {@link #RECHECK}; a program saved on another instance is in force here
 * within that time.
 */
public final class PgPrograms implements Programs {

    static final Duration RECHECK = Duration.ofSeconds(5);
    private static final String DEFAULT = "/program/default-program.json";

    private final Jdbc jdbc;
    private final Clock clock;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    private record Cached(Versioned versioned, Instant checkedAt) {
    }

    public PgPrograms(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Saves the default program as version 1 when there is none yet, so a new installation is usable at once. */
    public void seedDefault() {
        Program program;
        try (InputStream in = PgPrograms.class.getResourceAsStream(DEFAULT)) {
            program = Json.mapper().readValue(in, Program.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO program_version (version, document, created_at, created_by)
                    VALUES (1, ?::jsonb, ?, 'seed') ON CONFLICT (version) DO NOTHING""")) {
                Jdbc.bind(ps, json(program), clock.instant()).executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Versioned current() {
        Cached c = cached.get();
        Instant now = clock.instant();
        if (c != null && c.checkedAt().plus(RECHECK).isAfter(now)) {
            return c.versioned();
        }
        Versioned latest = jdbc.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT version, document FROM program_version ORDER BY version DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No program saved: the core seeds one at start");
                }
                return new Versioned(rs.getInt(1), parse(rs.getString(2)));
            }
        });
        cached.set(new Cached(latest, now));
        return latest;
    }

    @Override
    public Saved save(Program program, String actor) {
        List<Violation> violations = program.validate();
        if (!violations.isEmpty()) {
            return new Rejected(violations);
        }
        Versioned saved = jdbc.transaction(c -> {
            // The lock makes concurrent saves take consecutive versions instead of failing on the key.
            try (PreparedStatement lock = c.prepareStatement("LOCK TABLE program_version IN EXCLUSIVE MODE")) {
                lock.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO program_version (version, document, created_at, created_by)
                    SELECT coalesce(max(version), 0) + 1, ?::jsonb, ?, ? FROM program_version
                    RETURNING version""")) {
                Jdbc.bind(ps, json(program), clock.instant(), actor);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Versioned(rs.getInt(1), program);
                }
            }
        });
        cached.set(new Cached(saved, clock.instant()));
        return new Accepted(saved);
    }

    private static String json(Program program) {
        try {
            return Json.mapper().writeValueAsString(program);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Program parse(String json) {
        try {
            return Json.mapper().readValue(json, Program.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The saved program cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
