package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.PlannedMessage;

/**
 * One-time codes in the scheduler's schema: hashes only, each kept with its message in one transaction. Every
 * decision about a number runs in a transaction holding that number's advisory lock (and a request also the kiosk
 * key's), so the limits hold under concurrent requests, on one instance or several.
 */
public final class PgOneTimeCodes implements OneTimeCodes.Store {

    /**
     * The first key of a number's lock, in PostgreSQL's two-int key space, which does not overlap the single-bigint
     * one the members' locks use; the second key is a hash of the number (two numbers sharing it merely take turns).
     */
    private static final int PHONE_LOCK_SPACE = 0x07C0DE5;
    /** The first key of a kiosk key's lock, beside the numbers'. */
    private static final int KIOSK_LOCK_SPACE = 0x07C0DE6;

    private final Tx tx;

    public PgOneTimeCodes(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Optional<OneTimeCodes.Issued> find(UUID id) {
        return tx.read(c -> find(c, id));
    }

    @Override
    public <T> T underLock(String phone, String kioskKey, Function<OneTimeCodes.Locked, T> decision) {
        return tx.transaction(c -> {
            if (kioskKey != null) {
                lock(c, KIOSK_LOCK_SPACE, kioskKey);
            }
            lock(c, PHONE_LOCK_SPACE, phone);
            return decision.apply(new Locked(c, phone));
        });
    }

    @Override
    public boolean use(UUID id, Instant at) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement(
                    "UPDATE one_time_code SET used_at = ? WHERE id = ? AND used_at IS NULL"), at, id)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static void lock(Connection c, int space, String key) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))"),
                space, key);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    /** The number's codes on the transaction holding its lock. */
    private record Locked(Connection c, String phone) implements OneTimeCodes.Locked {

        @Override
        public List<OneTimeCodes.Issued> issuedSince(Instant since) {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM one_time_code WHERE phone = ? "
                    + "AND created_at >= ? ORDER BY created_at DESC LIMIT 100"), phone, since);
                 ResultSet rs = ps.executeQuery()) {
                List<OneTimeCodes.Issued> codes = new ArrayList<>();
                while (rs.next()) {
                    codes.add(issued(rs));
                }
                return codes;
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }

        @Override
        public Optional<OneTimeCodes.Issued> find(UUID id) {
            try {
                return PgOneTimeCodes.find(c, id);
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }

        @Override
        public List<Instant> issuedForKioskSince(String kioskKey, Instant since, int newest) {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT created_at FROM one_time_code "
                    + "WHERE kiosk_key = ? AND created_at >= ? ORDER BY created_at DESC LIMIT ?"), kioskKey, since,
                    newest);
                 ResultSet rs = ps.executeQuery()) {
                List<Instant> times = new ArrayList<>();
                while (rs.next()) {
                    times.add(Tx.instant(rs.getTimestamp("created_at")));
                }
                return times;
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }

        @Override
        public void keep(OneTimeCodes.Issued code, PlannedMessage message, Instant messageExpiresAt) {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO one_time_code (id, phone, kiosk_key, "
                    + "code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"), code.id(), code.phone(),
                    code.kioskKey(), code.hash(), code.createdAt(), code.expiresAt())) {
                ps.executeUpdate();
                PgMessages.insert(c, message, messageExpiresAt, code.createdAt());
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }

        @Override
        public void wrongTry(UUID id, Instant at) {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement(
                    "UPDATE one_time_code SET tries = tries + 1, last_try_at = ? WHERE id = ?"), at, id)) {
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }
    }

    private static Optional<OneTimeCodes.Issued> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM one_time_code WHERE id = ?"), id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(issued(rs)) : Optional.empty();
        }
    }

    private static OneTimeCodes.Issued issued(ResultSet rs) throws SQLException {
        return new OneTimeCodes.Issued(rs.getObject("id", UUID.class), rs.getString("phone"),
                rs.getString("kiosk_key"), rs.getBytes("code_hash"),
                Tx.instant(rs.getTimestamp("created_at")), Tx.instant(rs.getTimestamp("expires_at")), rs.getInt("tries"),
                Tx.instant(rs.getTimestamp("last_try_at")), Tx.instant(rs.getTimestamp("used_at")));
    }
}
