package io.punchcard.outbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.client.CoreProgram;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.platform.StartupException;

/**
 * A connector's copy of what it needs of the core's program (currency, store zones, phone region), kept in its
 * SQLite file so a store whose link is down still starts with the program it last saw.
 *
 * <p>Why polling with {@code If-None-Match} rather than the events feed: the feed needs a position kept per
 * connector and a program-changed event the core does not write today, while a conditional {@code GET} every
 * {@link #EVERY} costs the core one indexed read and a 304, needs no state but the ETag, and heals by itself after
 * any outage. A caller that meets a sign of change (an order in another currency) asks {@link #refreshOnDemand()} at
 * once.
 */
public final class ProgramFollower implements AutoCloseable {

    /** How often the core is asked whether the program changed. */
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** Reads asked for by requests come no closer together than this. */
    static final Duration ON_DEMAND_GAP = Duration.ofSeconds(1);
    /** How long a request waits for a read already under way before it goes on with what is known. */
    static final Duration ON_DEMAND_WAIT = Duration.ofMillis(300);

    private static final System.Logger LOG = System.getLogger(ProgramFollower.class.getName());
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS core_program (
                id       INTEGER PRIMARY KEY CHECK (id = 1),
                facts    TEXT    NOT NULL,
                read_at  INTEGER NOT NULL
            )""";

    private final PunchcardClient core;
    private final Connection db;
    private final Duration every;
    /** One read of the core at a time; requests wait for it only briefly ({@link #refreshOnDemand()}). */
    private final ReentrantLock reading = new ReentrantLock();
    /** When a request last had the program read, on the JVM's monotonic timer; the first may read at once. */
    private final AtomicLong lastOnDemandNanos = new AtomicLong(System.nanoTime() - ON_DEMAND_GAP.toNanos());
    private final String who;
    private final AtomicReference<CoreProgram> known = new AtomicReference<>();
    private final Thread thread;
    /** What the follower waits on between looks, so closing wakes it at once. */
    private final Object pause = new Object();
    private volatile boolean running = true;

    private ProgramFollower(Path file, PunchcardClient core, Duration every, String who) {
        this.core = core;
        this.every = every;
        this.who = who;
        try {
            this.db = Sqlite.open(file, SCHEMA);
        } catch (SQLException e) {
            throw new StartupException("Cannot open " + file + " to keep the program in: " + e.getMessage(), e);
        }
        known.set(cached().orElse(null));
        this.thread = Thread.ofPlatform().name(who + "-program").daemon(true).unstarted(this::follow);
    }

    /**
     * Reads the program now (or takes the copy kept in {@code file} when the core is out of reach) and follows it
     * from then on.
     *
     * @param core  the client to ask; one try per call, short timeouts
     * @param every how often to ask
     * @param who   the connector, for log lines and the thread's name
     * @throws StartupException when the core cannot be reached and no copy was ever kept
     */
    public static ProgramFollower start(Path file, PunchcardClient core, Duration every, String who) {
        return start(file, core, every, who, true);
    }

    /**
     * As {@link #start(Path, PunchcardClient, Duration, String)}; with {@code required} false, a connector that can
     * work without the program (the core checks everything again) starts even when it was never read, and
     * {@link #current()} is null until it is.
     */
    public static ProgramFollower start(Path file, PunchcardClient core, Duration every, String who, boolean required) {
        ProgramFollower follower = new ProgramFollower(file, core, every, who);
        RuntimeException failure = null;
        try {
            follower.read();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (follower.known.get() == null && required) {
            follower.close();
            throw new StartupException("The " + who + " has never read the loyalty program (its currency and time "
                    + "zones) and cannot now: " + (failure == null ? "the core's answer holds no program"
                    : failure.getMessage()) + ". Start it once while the core answers; from then on it keeps a copy in "
                    + file.toAbsolutePath() + " and starts offline too.", failure);
        }
        if (failure != null && follower.known.get() != null) {
            LOG.log(System.Logger.Level.WARNING, who + ": the core is out of reach; going on with the program as last "
                    + "read (version " + follower.known.get().version() + ", " + follower.known.get().currency() + ").");
        }
        follower.thread.start();
        return follower;
    }

    /** The program as last read; null only for a follower not {@code required} that never read it. */
    public CoreProgram current() {
        return known.get();
    }

    /** Asks the core now; true when the program changed. A core out of reach changes nothing and is only logged. */
    public boolean refresh() {
        reading.lock();
        return readAndUnlock();
    }

    /**
     * {@link #refresh()} for a caller that is answering a request (a webhook, a till's quote): at most one such read
     * every {@link #ON_DEMAND_GAP}, and none while another read is under way beyond {@link #ON_DEMAND_WAIT}, so a
     * stalled core costs the request one bounded read at most, never a queue of them; false when it did not read.
     */
    public boolean refreshOnDemand() {
        long now = System.nanoTime();
        long last = lastOnDemandNanos.get();
        if (now - last < ON_DEMAND_GAP.toNanos() || !lastOnDemandNanos.compareAndSet(last, now)) {
            return false;
        }
        try {
            if (!reading.tryLock(ON_DEMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return readAndUnlock();
    }

    /** Reads, {@link #reading} being held, and lets go of it; a core out of reach changes nothing. */
    private boolean readAndUnlock() {
        try {
            return read();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, who + ": could not read the program: " + e.getMessage());
            return false;
        } finally {
            reading.unlock();
        }
    }

    /** Called with {@link #reading} held. */
    private boolean read() {
        CoreProgram before = known.get();
        Optional<PunchcardClient.ProgramRead> read = core.program(before == null ? null : before.etag());
        if (read.isEmpty()) {
            return false;
        }
        Optional<CoreProgram> facts = CoreProgram.of(read.get());
        if (facts.isEmpty() || facts.get().equals(before)) {
            return false;
        }
        keep(facts.get());
        known.set(facts.get());
        if (before == null || !before.currency().equals(facts.get().currency())
                || !before.storeZones().equals(facts.get().storeZones())) {
            LOG.log(System.Logger.Level.INFO, who + ": program version " + facts.get().version() + " counts in "
                    + facts.get().currency() + ", " + facts.get().storeZones().size() + " stores.");
        }
        return true;
    }

    private void follow() {
        while (running) {
            synchronized (pause) {
                try {
                    pause.wait(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (running) {
                refresh();
            }
        }
    }

    private Optional<CoreProgram> cached() {
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("SELECT facts FROM core_program WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.mapper().readValue(rs.getString(1), CoreProgram.class))
                        : Optional.empty();
            } catch (SQLException | JsonProcessingException e) {
                LOG.log(System.Logger.Level.WARNING, who + ": the kept copy of the program cannot be read ("
                        + e.getMessage() + "); it is read from the core again.");
                return Optional.empty();
            }
        }
    }

    private void keep(CoreProgram facts) {
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO core_program (id, facts, read_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET facts = excluded.facts, read_at = excluded.read_at""")) {
                ps.setString(1, Json.mapper().writeValueAsString(facts));
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            } catch (SQLException | JsonProcessingException e) {
                // In force in memory all the same; only an offline restart would miss it.
                LOG.log(System.Logger.Level.WARNING, who + ": could not keep the program on disk: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        synchronized (db) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, who + ": closing the program's file: " + e.getMessage());
            }
        }
    }
}
