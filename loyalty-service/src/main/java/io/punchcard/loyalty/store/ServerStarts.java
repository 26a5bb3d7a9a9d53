package io.punchcard.loyalty.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** The {@code server_start} table: one row per start of a core instance. */
public final class ServerStarts {

    private final DbClient db;
    private final Clock clock;

    public ServerStarts(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends this start. */
    public void record(String version, String host) {
        db.execute().dml("INSERT INTO server_start (started_at, version, host) VALUES (?, ?, ?)",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), version, host);
    }

    /** How many starts the database has seen, and when the first was; empty counts before any start. */
    public Summary summary() {
        DbRow row = db.execute()
                .get("SELECT count(*) AS starts, min(started_at) AS first FROM server_start")
                .orElseThrow();
        long count = row.column("starts").getLong();
        Timestamp first = count == 0 ? null : row.column("first").get(Timestamp.class);
        return new Summary(count, first == null ? null : first.toInstant());
    }

    /**
     * @param starts         starts recorded so far
     * @param firstStartedAt the first of them, or null when there is none
     */
    public record Summary(long starts, Instant firstStartedAt) {
    }
}
