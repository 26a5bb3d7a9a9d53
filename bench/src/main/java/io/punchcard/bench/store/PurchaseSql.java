package io.punchcard.bench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.punchcard.api.Json;
import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.points.Lots;

/**
 * Ceiling (b): the statements the core sends to record one till sale of a member — the replay check, the
 * member's lookup by card and row lock, the per-sale advisory lock, the replay check again, the qualifying
 * spend, the purchase row, the points lot and ledger entry, the balance after it, the two outbox events — straight through JDBC on a
 * Hikari pool of the core's size, one commit per sale, with none of the core's HTTP, JSON reading, checks or
 * points evaluation. The JSON columns get the documents of a purchase the core recorded in this run, so the
 * rows are as large as the core's. Keep in step with {@code PgPurchases.record} (the bench's test runs both).
 */
public final class PurchaseSql implements AutoCloseable {

    private final HikariDataSource pool;
    private final String award;
    private final String result;
    private final String detail;

    public PurchaseSql(BenchStores stores, int poolSize) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(stores.jdbcUrl());
        config.setUsername(stores.username());
        config.setPassword(stores.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bench-ceiling");
        this.pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT award::text, result::text, detail::text FROM purchase
                     WHERE member_id IS NOT NULL AND points_earned > 0 ORDER BY recorded_at DESC LIMIT 1""")) {
            if (!rs.next()) {
                throw new IllegalStateException("the ceiling needs one purchase recorded by the core first");
            }
            this.award = rs.getString(1);
            this.result = rs.getString(2);
            this.detail = rs.getString(3);
        }
    }

    /**
     * Records sale {@code externalId} of the member with card {@code card} at terminal {@code terminal}.
     *
     * @return 1
     */
    public int record(String card, String terminal, String externalId, long totalMinor, long points)
            throws SQLException {
        String source = "pos:S001:" + terminal;
        Instant now = Instant.now();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT result::text FROM purchase WHERE source = ? AND external_id = ?")) {
                ps.setString(1, source);
                ps.setString(2, externalId);
                ps.executeQuery().close();
            }
            c.setAutoCommit(false);
            try {
                UUID member;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT member_id FROM member_identifier WHERE kind = ? AND value = ? AND active")) {
                    ps.setString(1, "CARD");
                    ps.setString(2, card);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        member = rs.getObject(1, UUID.class);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT tier_code, tier_since, points_debt FROM member "
                        + "WHERE id = ? AND status = 'ACTIVE' FOR UPDATE")) {
                    ps.setObject(1, member);
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    ps.setString(1, source + "/" + externalId);
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT result::text FROM purchase WHERE source = ? AND external_id = ?")) {
                    ps.setString(1, source);
                    ps.setString(2, externalId);
                    ps.executeQuery().close();
                }
                Timestamp since = Timestamp.from(now.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant());
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT coalesce(sum(p.qualifying_minor), 0)
                             - coalesce((SELECT sum(r.eligible_minor) FROM refund r JOIN purchase q ON q.id = r.purchase_id
                                         WHERE q.member_id = ? AND q.occurred_at > ?), 0)
                        FROM purchase p WHERE p.member_id = ? AND p.occurred_at > ?""")) {
                    ps.setObject(1, member);
                    ps.setTimestamp(2, since);
                    ps.setObject(3, member);
                    ps.setTimestamp(4, since);
                    ps.executeQuery().close();
                }
                UUID purchase = UUID.randomUUID();
                Timestamp at = Timestamp.from(now);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO purchase (id, source, external_id, member_id, channel, store, terminal, occurred_at,
                            currency, total_minor, eligible_minor, qualifying_minor, points_earned, program_version,
                            award, detail, result, recorded_at)
                        VALUES (?, ?, ?, ?, 'POS', 'S001', ?, ?, 'EUR', ?, ?, ?, ?, 1, ?::jsonb, ?::jsonb, ?::jsonb, ?)
                        ON CONFLICT (source, external_id) DO NOTHING""")) {
                    ps.setObject(1, purchase);
                    ps.setString(2, source);
                    ps.setString(3, externalId);
                    ps.setObject(4, member);
                    ps.setString(5, terminal);
                    ps.setTimestamp(6, at);
                    ps.setLong(7, totalMinor);
                    ps.setLong(8, totalMinor);
                    ps.setLong(9, totalMinor);
                    ps.setLong(10, points);
                    ps.setString(11, award);
                    ps.setString(12, detail);
                    ps.setString(13, result);
                    ps.setTimestamp(14, at);
                    ps.executeUpdate();
                }
                long lot;
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO points_lot (member_id, purchase_id, earned, remaining, available_at, expires_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                    ps.setObject(1, member);
                    ps.setObject(2, purchase);
                    ps.setLong(3, points);
                    ps.setLong(4, points);
                    ps.setTimestamp(5, at);
                    ps.setTimestamp(6, Timestamp.from(now.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant()));
                    ps.setTimestamp(7, at);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        lot = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO points_entry (member_id, kind, points, reason, purchase_id, lot_id, actor, client_key, at)
                        VALUES (?, 'EARN', ?, 'purchase', ?, ?, 'system', NULL, ?)""")) {
                    ps.setObject(1, member);
                    ps.setLong(2, points);
                    ps.setObject(3, purchase);
                    ps.setLong(4, lot);
                    ps.setTimestamp(5, at);
                    ps.executeUpdate();
                }
                // The balance after the sale, which the points event carries: one statement, as the core's.
                long debt = 0;
                List<Lots.Lot> lots = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT m.points_debt, l.id, l.remaining, l.available_at, l.expires_at
                        FROM member m LEFT JOIN points_lot l ON l.member_id = m.id AND l.remaining > 0
                        WHERE m.id = ANY(?)""")) {
                    ps.setArray(1, c.createArrayOf("uuid", new Object[] {member}));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            debt = rs.getLong(1);
                            if (rs.getObject(2) != null) {
                                lots.add(new Lots.Lot(rs.getLong(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                                        rs.getTimestamp(5).toInstant()));
                            }
                        }
                    }
                }
                LoyaltyEvent.PurchaseRecorded recorded = new LoyaltyEvent.PurchaseRecorded(purchase, source, externalId,
                        "S001", "POS", now, totalMinor, totalMinor, points, List.of("shirts"), List.of(), false);
                LoyaltyEvent.PointsEarned earned = new LoyaltyEvent.PointsEarned(purchase, points,
                        Lots.feedBalance(lots, debt, now, ZoneOffset.UTC));
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO outbox_event (type, member_id, payload, at) VALUES (?, ?, ?::jsonb, ?)")) {
                    for (LoyaltyEvent event : List.of(recorded, earned)) {
                        ps.setString(1, event.type().wireName());
                        ps.setObject(2, member);
                        ps.setString(3, Json.write(EventType.payload(event)));
                        ps.setTimestamp(4, at);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return 1;
    }

    @Override
    public void close() {
        pool.close();
    }
}
