package io.punchcard.loyalty.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.program.Checked;
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

    /** The program a new installation starts with, unless it is given one. */
    public static Program defaultProgram() {
        try (InputStream in = PgPrograms.class.getResourceAsStream(DEFAULT)) {
            return Json.mapper().readValue(in, Program.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves {@code program} as version 1 when there is no program yet, so a new installation is usable at once;
     * returns whether it did. A program already saved is never replaced here.
     */
    public boolean seed(Program program, String actor) {
        return jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO program_version (version, document, created_at, created_by)
                    VALUES (1, ?::jsonb, ?, ?) ON CONFLICT (version) DO NOTHING""")) {
                return Jdbc.bind(ps, json(program), clock.instant(), actor).executeUpdate() == 1;
            }
        });
    }

    @Override
    public Versioned current() {
        Cached c = cached.get();
        Instant now = clock.instant();
        if (c != null && c.checkedAt().plus(RECHECK).isAfter(now)) {
            return c.versioned();
        }
        Versioned latest = jdbc.read(PgPrograms::latest);
        cached.set(new Cached(latest, now));
        return latest;
    }

    @Override
    public Saved change(OptionalInt expectedVersion, Function<Program, Checked<Program>> change, Actor by) {
        Saved saved = jdbc.transaction(c -> {
            // The lock makes concurrent saves take turns: each applies its change to the one saved before it.
            try (PreparedStatement lock = c.prepareStatement("LOCK TABLE program_version IN EXCLUSIVE MODE")) {
                lock.execute();
            }
            Versioned latest = latest(c);
            if (expectedVersion.isPresent() && expectedVersion.getAsInt() != latest.version()) {
                return new Conflict(expectedVersion.getAsInt(), latest.version());
            }
            Program next;
            switch (change.apply(latest.program())) {
                case Checked.Ok<Program> ok -> next = ok.value();
                case Checked.Invalid<Program> invalid -> {
                    return new Rejected(invalid.violations());
                }
            }
            List<Violation> violations = next.validate();
            if (!violations.isEmpty()) {
                return new Rejected(violations);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO program_version (version, document, created_at, created_by) VALUES (?, ?::jsonb, ?, ?)""")) {
                Jdbc.bind(ps, latest.version() + 1, json(next), clock.instant(), by.name()).executeUpdate();
            }
            AuditRows.insert(c, new Audit.Change(by, "program.change", "program:" + (latest.version() + 1),
                    latest.program(), next), clock.instant());
            return new Accepted(new Versioned(latest.version() + 1, next));
        });
        if (saved instanceof Accepted accepted) {
            cached.set(new Cached(accepted.version(), clock.instant()));
        }
        return saved;
    }

    @Override
    public List<Stamp> history(Integer before, int limit) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT v.version, v.created_at, v.created_by, s.name FROM program_version v
                    LEFT JOIN staff s ON s.id::text = v.created_by
                    WHERE v.version < ? ORDER BY v.version DESC LIMIT ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, before == null ? Integer.MAX_VALUE : before, limit).executeQuery()) {
                    List<Stamp> saved = new ArrayList<>();
                    while (rs.next()) {
                        saved.add(saved(rs));
                    }
                    return saved;
                }
            }
        });
    }

    @Override
    public Optional<Document> document(int version) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT v.version, v.created_at, v.created_by, s.name, v.document::text,
                           (SELECT p.document::text FROM program_version p WHERE p.version = v.version - 1)
                    FROM program_version v LEFT JOIN staff s ON s.id::text = v.created_by WHERE v.version = ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, version).executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Document>empty();
                    }
                    return Optional.of(new Document(saved(rs), Jdbc.parse(rs.getString(5), JsonNode.class),
                            rs.getString(6) == null ? null : Jdbc.parse(rs.getString(6), JsonNode.class)));
                }
            }
        });
    }

    private static Stamp saved(ResultSet rs) throws SQLException {
        return new Stamp(rs.getInt(1), Jdbc.instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4));
    }

    private static Versioned latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, document FROM program_version ORDER BY version DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("No program saved: the core seeds one at start");
            }
            return new Versioned(rs.getInt(1), parse(rs.getString(2)));
        }
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
