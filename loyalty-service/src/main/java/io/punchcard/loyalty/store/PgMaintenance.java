package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.jobs.Job;
import io.punchcard.loyalty.jobs.Maintenance;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.tier.TierRules;

/**
 * The maintenance jobs, over PostgreSQL. A run holds its job's session-level advisory lock, taken with
 * {@code pg_try_advisory_lock} on a connection in auto-commit mode, so with several instances exactly one runs a
 * job at a time and the others skip it, and no transaction stays open for the length of a run: the events feed,
 * which serves only what is older than the oldest open transaction, keeps moving while a job runs. The job's
 * {@code job_run.last_run_at} keeps it from running more often than its interval across instances. The work is
 * done in batches, each its own transaction, each locking the members it changes, and each selecting only what
 * still needs doing, so a run cut short is finished by the next. When an instance dies mid-run, PostgreSQL
 * drops its session and with it the lock.
 */
public final class PgMaintenance implements Maintenance {

    private static final int BATCH = 500;
    private static final System.Logger LOG = System.getLogger(PgMaintenance.class.getName());

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;

    public PgMaintenance(Jdbc jdbc, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
    }

    /**
     * Runs {@code job} if no instance is running it and it last ran at least {@code interval} ago.
     *
     * @return how many items it changed, or empty when it was not its turn
     */
    @Override
    public Optional<Integer> runIfDue(Job job, Duration interval) {
        return jdbc.read(session -> {
            if (!lock(session, "pg_try_advisory_lock", job)) {
                return Optional.<Integer>empty();
            }
            try {
                Instant last;
                try (PreparedStatement ps = session.prepareStatement("SELECT last_run_at FROM job_run WHERE name = ?")) {
                    try (ResultSet rs = Jdbc.bind(ps, job.rowName()).executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<Integer>empty();
                        }
                        last = Jdbc.instant(rs.getTimestamp(1));
                    }
                }
                Instant now = clock.instant();
                // A last run "in the future" means another instance's clock is ahead; it must not block us for long.
                if (last != null && !last.isAfter(now) && last.plus(interval).isAfter(now)) {
                    return Optional.<Integer>empty();
                }
                int changed = run(job, now);
                try (PreparedStatement ps = session.prepareStatement("UPDATE job_run SET last_run_at = ? WHERE name = ?")) {
                    Jdbc.bind(ps, now, job.rowName()).executeUpdate();
                }
                return Optional.of(changed);
            } finally {
                unlock(session, job);
            }
        });
    }

    /**
     * Gives the job's lock back. Should that fail, the connection goes (aborted, so the pool drops it, and
     * PostgreSQL with it drops the lock): a pooled connection still holding the lock would keep every
     * instance from running the job until the pool retired it.
     */
    private static void unlock(Connection session, Job job) {
        try {
            lock(session, "pg_advisory_unlock", job);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not release the lock of job " + job.rowName() + " ("
                    + e.getMessage() + "); dropping its connection");
            try {
                session.abort(Runnable::run);
            } catch (SQLException ignored) {
                // Aborting a broken connection may fail too; the pool finds it dead either way.
            }
        }
    }

    /** Calls an advisory lock function on the job's key: {@code job:} and its row name, hashed. */
    private static boolean lock(Connection session, String function, Job job) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement(
                "SELECT " + function + "(hashtextextended(?, 0))")) {
            try (ResultSet rs = Jdbc.bind(ps, "job:" + job.rowName()).executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private int run(Job job, Instant now) {
        if (job == Job.TIER_REVIEW) {
            return reviewTiers(now);
        }
        int total = 0;
        while (true) {
            int changed = switch (job) {
                case RELEASE_PENDING -> releasePending(now);
                case EXPIRE_LOTS -> expireLots(now);
                case LAPSE_HOLDS -> lapseHolds(now);
                case EXPIRE_VOUCHERS -> expireVouchers(now);
                case END_KIOSK_SESSIONS -> endKioskSessions(now);
                case TIER_REVIEW -> throw new IllegalStateException("reviewed above");
            };
            total += changed;
            if (changed < BATCH) {
                return total;
            }
        }
    }

    /**
     * Lots whose pending period has ended: mark released and tell followers, one event per member. A lot that was
     * spendable from the start (a till sale, an adjustment) is marked too, but brings no points.available.
     */
    private int releasePending(Instant now) {
        return jdbc.transaction(c -> {
            Map<UUID, Long> released = new LinkedHashMap<>();
            int lots = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH due AS (
                        SELECT id FROM points_lot WHERE NOT released AND available_at <= ? ORDER BY id LIMIT ?
                        FOR UPDATE SKIP LOCKED)
                    UPDATE points_lot l SET released = true FROM due WHERE l.id = due.id
                    RETURNING l.member_id, CASE WHEN l.available_at > l.created_at THEN l.remaining ELSE 0 END""")) {
                try (ResultSet rs = Jdbc.bind(ps, now, BATCH).executeQuery()) {
                    while (rs.next()) {
                        released.merge(rs.getObject(1, UUID.class), rs.getLong(2), Long::sum);
                        lots++;
                    }
                }
            }
            List<Event> events = new ArrayList<>();
            Map<UUID, PgBalances.Held> balances = PgBalances.of(c, released.keySet());
            ZoneId zone = programs.current().program().zone();
            released.forEach((member, points) -> {
                if (points > 0 && balances.containsKey(member)) {
                    events.add(Event.of(member, new LoyaltyEvent.PointsAvailable(points,
                            balances.get(member).balance(now, zone)), now));
                }
            });
            outbox.append(c, events.toArray(Event[]::new));
            return lots;
        });
    }

    /** Lots past expiry with points left: the points leave with an EXPIRE entry, under the member's lock. */
    private int expireLots(Instant now) {
        return jdbc.transaction(c -> {
            List<UUID> members = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT DISTINCT member_id FROM (
                        SELECT member_id FROM points_lot WHERE remaining > 0 AND expires_at <= ? LIMIT ?) due
                    ORDER BY member_id""")) {
                try (ResultSet rs = Jdbc.bind(ps, now, BATCH).executeQuery()) {
                    while (rs.next()) {
                        members.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            int lots = 0;
            ZoneId zone = programs.current().program().zone();
            for (UUID member : members) {
                // The member's lock first, as every other change to their points takes it; in id order, as a
                // merge takes two, so the two can never wait on each other.
                try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM member WHERE id = ? FOR UPDATE")) {
                    Jdbc.bind(lock, member).executeQuery().close();
                }
                long expired = 0;
                try (PreparedStatement ps = c.prepareStatement("""
                        WITH due AS (SELECT id, remaining FROM points_lot
                                     WHERE member_id = ? AND remaining > 0 AND expires_at <= ? FOR UPDATE)
                        UPDATE points_lot l SET remaining = 0 FROM due WHERE l.id = due.id
                        RETURNING l.id, due.remaining""")) {
                    try (ResultSet rs = Jdbc.bind(ps, member, now).executeQuery()) {
                        try (PreparedStatement entry = c.prepareStatement("""
                                INSERT INTO points_entry (member_id, kind, points, reason, lot_id, actor, at)
                                VALUES (?, 'EXPIRE', ?, 'lot expired', ?, 'system', ?)""")) {
                            while (rs.next()) {
                                Jdbc.bind(entry, member, -rs.getLong(2), rs.getLong(1), now).addBatch();
                                expired += rs.getLong(2);
                                lots++;
                            }
                            entry.executeBatch();
                        }
                    }
                }
                if (expired > 0) {
                    outbox.append(c, Event.of(member, new LoyaltyEvent.PointsExpired(expired,
                            PgBalances.after(c, member, now, zone)), now));
                }
            }
            return lots;
        });
    }

    /**
     * Members above the base tier whose qualifying amount no longer reaches their tier: the first review starts
     * the grace period, a review after it lowers the tier to the one they qualify for. Members who qualify
     * again lose their grace mark.
     */
    private int reviewTiers(Instant now) {
        Program program = programs.current().program();
        TierLadder ladder = program.tiers();
        String base = ladder.base().code();
        int changed = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            UUID cursor = after;
            List<UUID> batch = jdbc.read(c -> {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT id FROM member WHERE status = 'ACTIVE' AND (tier_code <> ? OR tier_below_since IS NOT NULL)
                        AND id > ? ORDER BY id LIMIT ?""")) {
                    try (ResultSet rs = Jdbc.bind(ps, base, cursor, BATCH).executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                return ids;
            });
            if (batch.isEmpty()) {
                return changed;
            }
            for (UUID member : batch) {
                changed += jdbc.transaction(c -> reviewOne(c, member, ladder, now));
            }
            after = batch.get(batch.size() - 1);
        }
    }

    private int reviewOne(Connection c, UUID member, TierLadder ladder, Instant now) throws SQLException {
        String tierCode;
        Instant belowSince;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tier_code, tier_below_since FROM member WHERE id = ? AND status = 'ACTIVE' FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(ps, member).executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                tierCode = rs.getString(1);
                belowSince = Jdbc.instant(rs.getTimestamp(2));
            }
        }
        long qualifying = PgPurchases.qualifying(c, member, ladder, now);
        Tier held = ladder.byCode(tierCode);
        boolean below = ladder.rank(ladder.tierFor(qualifying)) < ladder.rank(held);
        if (!below) {
            if (belowSince != null) {
                setBelowSince(c, member, null, now);
                return 1;
            }
            return 0;
        }
        if (belowSince == null) {
            setBelowSince(c, member, now, now);
            return 1;
        }
        Optional<Tier> lower = TierRules.downgrade(ladder, tierCode, qualifying, belowSince, now);
        if (lower.isEmpty()) {
            return 0;
        }
        PgPurchases.changeTier(c, member, tierCode, lower.get().code(), "review: below threshold since " + belowSince, now);
        setBelowSince(c, member, null, now);
        outbox.append(c, Event.of(member, new LoyaltyEvent.TierChanged(tierCode, lower.get().code(), "downgrade"), now));
        return 1;
    }

    private static void setBelowSince(Connection c, UUID member, Instant since, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE member SET tier_below_since = ?, updated_at = ? WHERE id = ?")) {
            Jdbc.bind(ps, since, now, member).executeUpdate();
        }
    }

    private int lapseHolds(Instant now) {
        return jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE voucher_reservation SET status = 'LAPSED', settled_at = ?
                    WHERE id IN (SELECT id FROM voucher_reservation WHERE status = 'RESERVED' AND held_until <= ?
                                 LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
                return Jdbc.bind(ps, now, now, BATCH).executeUpdate();
            }
        });
    }

    /**
     * Vouchers past their end that can still be used: they become EXPIRED, once, and each tells followers so.
     * Validating one answers as before (an ISSUED voucher past its end was refused as expired already).
     */
    private int expireVouchers(Instant now) {
        return jdbc.transaction(c -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE voucher SET status = 'EXPIRED'
                    WHERE id IN (SELECT id FROM voucher WHERE status = 'ISSUED' AND valid_until <= ?
                                 ORDER BY valid_until, id LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING id, member_id, template_code""")) {
                try (ResultSet rs = Jdbc.bind(ps, now, BATCH).executeQuery()) {
                    while (rs.next()) {
                        events.add(Event.of(rs.getObject(2, UUID.class),
                                new LoyaltyEvent.VoucherExpired(rs.getObject(1, UUID.class), rs.getString(3)), now));
                    }
                }
            }
            outbox.append(c, events.toArray(Event[]::new));
            return events.size();
        });
    }

    /**
     * Deletes kiosk sessions, and staff sessions of the manager console, past their absolute end (one job for both,
     * named after the first). One idle too long is refused on its next use already and goes here once its absolute
     * end has passed too: that keeps the job free of the idle time's setting.
     */
    private int endKioskSessions(Instant now) {
        return jdbc.transaction(c -> {
            int ended = 0;
            for (String table : List.of("kiosk_session", "staff_session")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE token_hash IN "
                        + "(SELECT token_hash FROM " + table + " WHERE expires_at <= ? LIMIT ?)")) {
                    ended += Jdbc.bind(ps, now, BATCH).executeUpdate();
                }
            }
            return ended;
        });
    }
}
