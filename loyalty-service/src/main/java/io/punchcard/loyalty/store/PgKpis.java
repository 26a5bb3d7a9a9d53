package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.punchcard.api.Json;
import io.punchcard.api.event.EventType;
import io.punchcard.loyalty.kpi.Activity;
import io.punchcard.loyalty.kpi.Changes;
import io.punchcard.loyalty.kpi.Facts;
import io.punchcard.loyalty.kpi.KpiRollups;
import io.punchcard.loyalty.kpi.MemberState;
import io.punchcard.loyalty.kpi.Period;
import io.punchcard.loyalty.kpi.Rollups;
import io.punchcard.loyalty.program.Programs;

/**
 * The KPI rollups in PostgreSQL (V12). The follower reads {@code outbox_event} in the feed's order (PgEvents' rule:
 * only transactions older than every running one) and writes what a page adds with the page's position in one
 * transaction, so every event counts exactly once; an advisory lock lets one instance follow at a time, and the
 * purchase path never touches a rollup row. A rebuild recomputes everything with set-based SQL in one REPEATABLE
 * READ transaction and keeps its snapshot beside the position: events of transactions that snapshot saw are
 * already counted, and the follower skips them.
 */
public final class PgKpis implements KpiRollups {

    /** Events per transaction: a page of a thousand-sale batch's events, and a bounded transaction. */
    static final int PAGE = 5000;

    /** The advisory lock the follower and the rebuild take: one of them, on one instance, at a time. */
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('kpi-rollups', 0))";

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;

    public PgKpis(Jdbc jdbc, Programs programs, Clock clock) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public int follow() {
        int total = 0;
        while (true) {
            Integer taken = jdbc.transaction(this::page);
            if (taken == null) {
                return total;
            }
            total += taken;
            if (taken < PAGE) {
                return total;
            }
        }
    }

    /** Takes in one page; null when another instance holds the lock. */
    private Integer page(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        String[] position = new String[3];
        query(c, "SELECT txid::text, event_id, rebuilt_snapshot::text FROM kpi_position WHERE name = 'kpis'",
                new Object[0], rs -> {
                    position[0] = rs.getString(1);
                    position[1] = Long.toString(rs.getLong(2));
                    position[2] = rs.getString(3);
                });
        List<Changes.Fed> events = new ArrayList<>();
        String[] last = new String[2];
        query(c, """
                SELECT e.txid::text, e.id, e.type, e.member_id, e.payload::text, e.at
                FROM outbox_event e
                WHERE (e.txid, e.id) > (?::text::xid8, ?)
                  AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
                  AND (?::text IS NULL OR NOT pg_visible_in_snapshot(e.txid, ?::text::pg_snapshot))
                ORDER BY e.txid, e.id
                LIMIT ?""", new Object[] {position[0], Long.parseLong(position[1]), position[2], position[2], PAGE},
                rs -> {
                    last[0] = rs.getString(1);
                    last[1] = Long.toString(rs.getLong(2));
                    events.add(new Changes.Fed(rs.getObject(4, UUID.class), EventType.read(rs.getString(3),
                            payload(rs.getString(5))), Jdbc.instant(rs.getTimestamp(6))));
                });
        if (events.isEmpty()) {
            return 0;
        }
        ZoneId zone = programs.current().program().zone();
        Facts facts = new Facts(members(c, Changes.membersNamed(events)), sales(c, Changes.purchasesRefunded(events)));
        Changes changes = Changes.of(events, facts, zone);
        addSales(c, changes.sales());
        add(c, "kpi_members_day", List.of("store", "day", "channel"), List.of("joined"), changes.joined(),
                k -> List.of(k.store(), k.day(), k.channel()), n -> List.of(n));
        add(c, "kpi_points_day", List.of("store", "day"), List.of("earned", "redeemed", "restored", "expired",
                        "reversed", "adjusted_in", "adjusted_out"), changes.points(), k -> List.of(k.store(), k.day()),
                p -> List.of(p.earned(), p.redeemed(), p.restored(), p.expired(), p.reversed(), p.adjustedIn(),
                        p.adjustedOut()));
        add(c, "kpi_tier_moves", List.of("store", "month", "from_tier", "to_tier"), List.of("members"),
                changes.moves(), k -> List.of(k.store(), k.month(), k.fromTier(), k.toTier()), n -> List.of(n));
        Activity activity = Activity.of(addVisits(c, changes.visits()), facts.members(), zone);
        add(c, "kpi_activity_month", List.of("store", "month"), List.of("active", "repeaters", "visits"),
                activity.counts(), k -> List.of(k.store(), k.month()),
                n -> List.of(n.active(), n.repeaters(), n.visits()));
        add(c, "kpi_cohort", List.of("store", "join_month", "month"), List.of("active"), activity.cohorts(),
                k -> List.of(k.store(), k.joinMonth(), k.month()), n -> List.of(n));
        countAgain(c, changes.touched(), facts, zone);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE kpi_position SET txid = ?::text::xid8, event_id = ?, updated_at = ? WHERE name = 'kpis'""")) {
            Jdbc.bind(ps, last[0], Long.parseLong(last[1]), clock.instant()).executeUpdate();
        }
        return events.size();
    }

    private static Map<String, Object> payload(String json) {
        try {
            return Json.mapper().readValue(json, PAYLOAD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Join facts and current state of {@code ids}. */
    private static Map<UUID, Facts.MemberFacts> members(Connection c, Set<UUID> ids) throws SQLException {
        Map<UUID, Facts.MemberFacts> members = new HashMap<>();
        if (ids.isEmpty()) {
            return members;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, coalesce(join_store, ''), join_channel, created_at,
                       CASE WHEN status = 'ACTIVE' THEN tier_code END
                FROM member WHERE id = ANY(?)""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.put(rs.getObject(1, UUID.class), new Facts.MemberFacts(rs.getString(2), rs.getString(3),
                            Jdbc.instant(rs.getTimestamp(4)), rs.getString(5)));
                }
            }
        }
        return members;
    }

    private static Map<UUID, Facts.SaleFacts> sales(Connection c, Set<UUID> ids) throws SQLException {
        Map<UUID, Facts.SaleFacts> sales = new HashMap<>();
        if (ids.isEmpty()) {
            return sales;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, coalesce(store, ''), channel, member_id IS NOT NULL FROM purchase WHERE id = ANY(?)""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sales.put(rs.getObject(1, UUID.class), new Facts.SaleFacts(rs.getString(2), rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return sales;
    }

    private static void addSales(Connection c, Map<Changes.SalesKey, Changes.Sales> sales) throws SQLException {
        add(c, "kpi_sales_day", List.of("store", "day", "channel", "member"), List.of("purchases", "total_minor",
                        "eligible_minor", "refunds", "refunded_eligible_minor"), sales,
                k -> List.of(k.store(), k.day(), k.channel(), k.member()),
                s -> List.of(s.purchases(), s.totalMinor(), s.eligibleMinor(), s.refunds(), s.refundedEligibleMinor()));
    }

    /** The SQL type of each key column of the rollups (every sum is bigint). */
    private static final Map<String, String> KEY_TYPES = Map.of("store", "text", "channel", "text", "from_tier", "text",
            "to_tier", "text", "tier", "text", "day", "date", "month", "date", "join_month", "date", "member",
            "boolean");

    /**
     * Adds {@code changes} to {@code table}'s sums in one statement: every key's row is created or its sums grow.
     * Values travel as text arrays and are cast by the key columns' types.
     */
    private static <K, V> void add(Connection c, String table, List<String> keys, List<String> sums, Map<K, V> changes,
                                   Function<K, List<Object>> keyOf, Function<V, List<Object>> sumsOf)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(keys);
        columns.addAll(sums);
        List<List<String>> arrays = new ArrayList<>();
        columns.forEach(column -> arrays.add(new ArrayList<>()));
        for (Map.Entry<K, V> change : changes.entrySet()) {
            List<Object> values = new ArrayList<>(keyOf.apply(change.getKey()));
            values.addAll(sumsOf.apply(change.getValue()));
            for (int i = 0; i < values.size(); i++) {
                arrays.get(i).add(values.get(i).toString());
            }
        }
        StringBuilder unnest = new StringBuilder();
        for (String column : columns) {
            unnest.append(unnest.isEmpty() ? "" : ", ").append("?::text[]::")
                    .append(KEY_TYPES.getOrDefault(column, "bigint")).append("[]");
        }
        StringBuilder grow = new StringBuilder();
        for (String sum : sums) {
            grow.append(grow.isEmpty() ? "" : ", ").append(sum).append(" = r.").append(sum).append(" + excluded.")
                    .append(sum);
        }
        String columnList = String.join(", ", columns);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " AS r (" + columnList + ") SELECT * FROM unnest("
                + unnest + ") ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET " + grow)) {
            for (int i = 0; i < arrays.size(); i++) {
                ps.setArray(i + 1, c.createArrayOf("text", arrays.get(i).toArray()));
            }
            ps.executeUpdate();
        }
    }

    /** Adds members' visits and answers how each (member, month, store) grew. */
    private static List<Activity.Grown> addVisits(Connection c, Map<Changes.VisitKey, Integer> visits)
            throws SQLException {
        List<Activity.Grown> grown = new ArrayList<>();
        if (visits.isEmpty()) {
            return grown;
        }
        List<Object> members = new ArrayList<>();
        List<String> months = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        List<Integer> added = new ArrayList<>();
        visits.forEach((key, n) -> {
            members.add(key.memberId());
            months.add(key.month().toString());
            stores.add(key.store());
            added.add(n);
        });
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO kpi_member_month AS r (member_id, month, store, visits)
                SELECT * FROM unnest(?::uuid[], ?::text[]::date[], ?::text[], ?::int[])
                ON CONFLICT (member_id, month, store) DO UPDATE SET visits = r.visits + excluded.visits
                RETURNING member_id, month, store, visits""")) {
            ps.setArray(1, c.createArrayOf("uuid", members.toArray()));
            ps.setArray(2, c.createArrayOf("text", months.toArray()));
            ps.setArray(3, c.createArrayOf("text", stores.toArray()));
            ps.setArray(4, c.createArrayOf("int4", added.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Changes.VisitKey key = new Changes.VisitKey(rs.getObject(1, UUID.class),
                            rs.getObject(2, LocalDate.class), rs.getString(3));
                    int after = rs.getInt(4);
                    grown.add(new Activity.Grown(key, after - visits.get(key), after));
                }
            }
        }
        return grown;
    }

    /**
     * Counts the members {@code touched} again (tier, open lots by expiry month) and moves the sums by the difference
     * from what was counted for them before.
     */
    private static void countAgain(Connection c, Set<UUID> touched, Facts facts, ZoneId zone) throws SQLException {
        if (touched.isEmpty()) {
            return;
        }
        Object ids = c.createArrayOf("uuid", touched.toArray());
        Map<UUID, MemberState> before = states(c, ids, """
                SELECT m.member_id, m.store, m.tier, l.month, l.points
                FROM kpi_member m LEFT JOIN kpi_member_lots l ON l.member_id = m.member_id
                WHERE m.member_id = ANY(?)""");
        Map<UUID, MemberState> now = new HashMap<>();
        Map<UUID, Map<LocalDate, Long>> lots = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT member_id, date_trunc('month', expires_at AT TIME ZONE ?)::date, sum(remaining)
                FROM points_lot WHERE member_id = ANY(?) AND remaining > 0 GROUP BY 1, 2""")) {
            Jdbc.bind(ps, zone.getId(), ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lots.computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashMap<>())
                            .put(rs.getObject(2, LocalDate.class), rs.getLong(3));
                }
            }
        }
        for (UUID member : touched) {
            Facts.MemberFacts f = facts.members().get(member);
            if (f != null) {
                now.put(member, new MemberState(f.store(), f.tier(), lots.getOrDefault(member, Map.of())));
            }
        }
        MemberState.Differences differences = MemberState.Differences.between(touched, before, now);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kpi_member_lots WHERE member_id = ANY(?)")) {
            Jdbc.bind(ps, ids).executeUpdate();
        }
        List<Object> members = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        List<String> tiers = new ArrayList<>();
        List<Object> lotMembers = new ArrayList<>();
        List<String> lotMonths = new ArrayList<>();
        List<Long> lotPoints = new ArrayList<>();
        now.forEach((member, state) -> {
            members.add(member);
            stores.add(state.store());
            tiers.add(state.tier());
            state.expiring().forEach((month, points) -> {
                lotMembers.add(member);
                lotMonths.add(month.toString());
                lotPoints.add(points);
            });
        });
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO kpi_member (member_id, store, tier) SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[])
                ON CONFLICT (member_id) DO UPDATE SET store = excluded.store, tier = excluded.tier""")) {
            ps.setArray(1, c.createArrayOf("uuid", members.toArray()));
            ps.setArray(2, c.createArrayOf("text", stores.toArray()));
            ps.setArray(3, c.createArrayOf("text", tiers.toArray()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO kpi_member_lots (member_id, month, points)
                SELECT * FROM unnest(?::uuid[], ?::text[]::date[], ?::bigint[])""")) {
            ps.setArray(1, c.createArrayOf("uuid", lotMembers.toArray()));
            ps.setArray(2, c.createArrayOf("text", lotMonths.toArray()));
            ps.setArray(3, c.createArrayOf("int8", lotPoints.toArray()));
            ps.executeUpdate();
        }
        add(c, "kpi_tiers", List.of("store", "tier"), List.of("members"), differences.tiers(),
                k -> List.of(k.store(), k.tier()), n -> List.of(n));
        add(c, "kpi_expiring", List.of("store", "month"), List.of("points"), differences.expiring(),
                k -> List.of(k.store(), k.month()), n -> List.of(n));
    }

    private static Map<UUID, MemberState> states(Connection c, Object ids, String sql)
            throws SQLException {
        Map<UUID, String> stores = new HashMap<>();
        Map<UUID, String> tiers = new HashMap<>();
        Map<UUID, Map<LocalDate, Long>> lots = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            try (ResultSet rs = Jdbc.bind(ps, ids).executeQuery()) {
                while (rs.next()) {
                    UUID member = rs.getObject(1, UUID.class);
                    stores.put(member, rs.getString(2));
                    tiers.put(member, rs.getString(3));
                    Map<LocalDate, Long> mine = lots.computeIfAbsent(member, id -> new HashMap<>());
                    if (rs.getObject(4) != null) {
                        mine.put(rs.getObject(4, LocalDate.class), rs.getLong(5));
                    }
                }
            }
        }
        Map<UUID, MemberState> states = new HashMap<>();
        stores.forEach((member, store) -> states.put(member, new MemberState(store, tiers.get(member), lots.get(member))));
        return states;
    }

    /**
     * The rollups' tables in the order the rebuild fills them, each with the set-based statement that fills it from
     * the core's tables ({@code $zone} is the program's zone). Each reads the tables, or rollups filled before it.
     */
    private static final List<String> REBUILD = List.of("""
            INSERT INTO kpi_sales_day (store, day, channel, member, purchases, total_minor, eligible_minor)
            SELECT coalesce(store, ''), (occurred_at AT TIME ZONE $zone)::date, channel, member_id IS NOT NULL,
                   count(*), sum(total_minor), sum(eligible_minor)
            FROM purchase GROUP BY 1, 2, 3, 4""", """
            INSERT INTO kpi_sales_day AS r (store, day, channel, member, refunds, refunded_eligible_minor)
            SELECT coalesce(p.store, ''), (f.recorded_at AT TIME ZONE $zone)::date, p.channel, p.member_id IS NOT NULL,
                   count(*), sum(f.eligible_minor)
            FROM refund f JOIN purchase p ON p.id = f.purchase_id GROUP BY 1, 2, 3, 4
            ON CONFLICT (store, day, channel, member) DO UPDATE
            SET refunds = excluded.refunds, refunded_eligible_minor = excluded.refunded_eligible_minor""", """
            INSERT INTO kpi_members_day (store, day, channel, joined)
            SELECT coalesce(join_store, ''), (created_at AT TIME ZONE $zone)::date, join_channel, count(*)
            FROM member GROUP BY 1, 2, 3""", """
            INSERT INTO kpi_points_day (store, day, earned, redeemed, restored, expired, reversed, adjusted_in,
                                        adjusted_out)
            SELECT coalesce(m.join_store, ''), (e.at AT TIME ZONE $zone)::date,
                   coalesce(sum(e.points) FILTER (WHERE e.kind = 'EARN'), 0),
                   coalesce(-sum(e.points) FILTER (WHERE e.kind = 'REDEEM'), 0),
                   coalesce(sum(e.points) FILTER (WHERE e.kind = 'RESTORE'), 0),
                   coalesce(-sum(e.points) FILTER (WHERE e.kind = 'EXPIRE'), 0),
                   coalesce(-sum(e.points) FILTER (WHERE e.kind = 'REVERSE'), 0),
                   coalesce(sum(e.points) FILTER (WHERE e.kind = 'ADJUST' AND e.points > 0), 0),
                   coalesce(-sum(e.points) FILTER (WHERE e.kind = 'ADJUST' AND e.points < 0), 0)
            FROM points_entry e JOIN member m ON m.id = e.member_id
            WHERE e.kind IN ('EARN', 'REDEEM', 'RESTORE', 'EXPIRE', 'REVERSE', 'ADJUST')
            GROUP BY 1, 2""", """
            INSERT INTO kpi_member_month (member_id, month, store, visits)
            SELECT member_id, date_trunc('month', occurred_at AT TIME ZONE $zone)::date, coalesce(store, ''), count(*)
            FROM purchase WHERE member_id IS NOT NULL GROUP BY 1, 2, 3""", """
            INSERT INTO kpi_member_month (member_id, month, store, visits)
            SELECT member_id, month, '*', sum(visits) FROM kpi_member_month GROUP BY 1, 2""", """
            INSERT INTO kpi_activity_month (store, month, active, repeaters, visits)
            SELECT store, month, count(*), count(*) FILTER (WHERE visits >= 2), sum(visits)
            FROM kpi_member_month GROUP BY 1, 2""", """
            INSERT INTO kpi_cohort (store, join_month, month, active)
            SELECT s.store, date_trunc('month', m.created_at AT TIME ZONE $zone)::date, a.month, count(*)
            FROM kpi_member_month a JOIN member m ON m.id = a.member_id
            CROSS JOIN LATERAL (VALUES (coalesce(m.join_store, '')), ('*')) AS s(store)
            WHERE a.store = '*' GROUP BY 1, 2, 3""", """
            INSERT INTO kpi_member (member_id, store, tier)
            SELECT id, coalesce(join_store, ''), CASE WHEN status = 'ACTIVE' THEN tier_code END FROM member""", """
            INSERT INTO kpi_tiers (store, tier, members)
            SELECT store, tier, count(*) FROM kpi_member WHERE tier IS NOT NULL GROUP BY 1, 2""", """
            INSERT INTO kpi_member_lots (member_id, month, points)
            SELECT member_id, date_trunc('month', expires_at AT TIME ZONE $zone)::date, sum(remaining)
            FROM points_lot WHERE remaining > 0 GROUP BY 1, 2""", """
            INSERT INTO kpi_expiring (store, month, points)
            SELECT m.store, l.month, sum(l.points) FROM kpi_member_lots l JOIN kpi_member m USING (member_id)
            GROUP BY 1, 2""", """
            INSERT INTO kpi_tier_moves (store, month, from_tier, to_tier, members)
            SELECT coalesce(m.join_store, ''), date_trunc('month', t.at AT TIME ZONE $zone)::date, t.from_tier,
                   t.to_tier, count(*)
            FROM tier_change t JOIN member m ON m.id = t.member_id
            WHERE t.from_tier IS NOT NULL GROUP BY 1, 2, 3, 4""");

    /**
     * The rebuild takes the follower's lock for its session before its transaction begins: its snapshot is then taken
     * after the last page the follower wrote, and the position it writes cannot conflict with one.
     */
    @Override
    public Rebuilt rebuild() {
        String zone = programs.current().program().zone().getId();
        long started = System.nanoTime();
        long purchases = jdbc.read(c -> {
            try (var statement = c.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(hashtextextended('kpi-rollups', 0))");
            }
            try {
                c.setAutoCommit(false);
                try {
                    long counted = refill(c, zone);
                    c.commit();
                    return counted;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                try (var statement = c.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(hashtextextended('kpi-rollups', 0))");
                }
            }
        });
        return new Rebuilt(purchases, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Empties and refills the rollups in one snapshot, and puts the position where that snapshot ends. */
    private long refill(Connection c, String zone) throws SQLException {
        try (var statement = c.createStatement()) {
            // One snapshot for every statement, so the position below matches exactly what they read.
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            statement.execute("""
                    TRUNCATE kpi_sales_day, kpi_members_day, kpi_points_day, kpi_member_month, kpi_activity_month,
                             kpi_cohort, kpi_member, kpi_tiers, kpi_tier_moves, kpi_member_lots, kpi_expiring""");
        }
        for (String sql : REBUILD) {
            try (PreparedStatement ps = c.prepareStatement(sql.replace("$zone", "'" + zone.replace("'", "''") + "'"))) {
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE kpi_position SET txid = pg_snapshot_xmin(pg_current_snapshot()), event_id = 0,
                    rebuilt_snapshot = pg_current_snapshot(), rebuilt_at = ?, updated_at = ?
                WHERE name = 'kpis'""")) {
            Instant now = clock.instant();
            Jdbc.bind(ps, now, now).executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(purchases), 0) FROM kpi_sales_day");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Rollups read(String store, Period period) {
        return jdbc.snapshot(c -> {
            // The tables summed over stores for every store, or one store's rows; the member-counting ones keep
            // every store's own rows ('*'), because a member counts once in the chain.
            String where = store == null ? "true" : "store = ?";
            Object[] storeParameter = store == null ? new Object[0] : new Object[] {store};
            String counted = store == null ? Activity.ALL_STORES : store;
            LocalDate first = period.firstDay();
            LocalDate end = period.endDay();
            Map<YearMonth, Map<Boolean, Changes.Sales>> sales = new HashMap<>();
            query(c, "SELECT date_trunc('month', day)::date, member, sum(purchases), sum(total_minor), "
                    + "sum(eligible_minor), sum(refunds), sum(refunded_eligible_minor) FROM kpi_sales_day WHERE "
                    + where + " AND day >= ? AND day < ? GROUP BY 1, 2", params(storeParameter, first, end),
                    rs -> sales.computeIfAbsent(month(rs, 1), m -> new HashMap<>()).put(rs.getBoolean(2),
                            new Changes.Sales(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))));
            List<Rollups.JoinedWeek> weeks = new ArrayList<>();
            query(c, "SELECT date_trunc('week', day)::date, channel, sum(joined) FROM kpi_members_day WHERE " + where
                            + " AND day >= ? AND day < ? GROUP BY 1, 2 ORDER BY 1, 2", params(storeParameter, first, end),
                    rs -> weeks.add(new Rollups.JoinedWeek(rs.getObject(1, LocalDate.class), rs.getString(2),
                            rs.getLong(3))));
            Map<YearMonth, Long> joined = new HashMap<>();
            query(c, "SELECT date_trunc('month', day)::date, sum(joined) FROM kpi_members_day WHERE " + where
                            + " AND day >= ? AND day < ? GROUP BY 1", params(storeParameter, first, end),
                    rs -> joined.put(month(rs, 1), rs.getLong(2)));
            Map<YearMonth, Activity.Counts> activity = new HashMap<>();
            query(c, "SELECT month, active, repeaters, visits FROM kpi_activity_month WHERE store = ? AND month >= ? "
                    + "AND month < ?", new Object[] {counted, first, end}, rs -> activity.put(month(rs, 1),
                    new Activity.Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4))));
            Map<YearMonth, Map<YearMonth, Long>> cohorts = new HashMap<>();
            query(c, "SELECT join_month, month, active FROM kpi_cohort WHERE store = ? AND join_month >= ? "
                    + "AND join_month < ? AND month < ?", new Object[] {counted, first, end, end},
                    rs -> cohorts.computeIfAbsent(month(rs, 1), m -> new HashMap<>()).put(month(rs, 2), rs.getLong(3)));
            Map<YearMonth, Changes.Points> points = new HashMap<>();
            query(c, "SELECT date_trunc('month', day)::date, sum(earned), sum(redeemed), sum(restored), sum(expired), "
                    + "sum(reversed), sum(adjusted_in), sum(adjusted_out) FROM kpi_points_day WHERE " + where
                    + " AND day >= ? AND day < ? GROUP BY 1", params(storeParameter, first, end),
                    rs -> points.put(month(rs, 1), new Changes.Points(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))));
            Map<String, Long> tiers = new HashMap<>();
            query(c, "SELECT tier, sum(members) FROM kpi_tiers WHERE " + where + " GROUP BY 1 HAVING sum(members) <> 0",
                    storeParameter, rs -> tiers.put(rs.getString(1), rs.getLong(2)));
            List<Rollups.Move> moves = new ArrayList<>();
            query(c, "SELECT month, from_tier, to_tier, sum(members) FROM kpi_tier_moves WHERE " + where
                            + " AND month >= ? AND month < ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                    params(storeParameter, first, end), rs -> moves.add(new Rollups.Move(month(rs, 1), rs.getString(2),
                            rs.getString(3), rs.getLong(4))));
            Map<YearMonth, Long> expiring = new HashMap<>();
            query(c, "SELECT month, sum(points) FROM kpi_expiring WHERE " + where
                    + " GROUP BY 1 HAVING sum(points) <> 0", storeParameter, rs -> expiring.put(month(rs, 1), rs.getLong(2)));
            Instant[] at = new Instant[1];
            query(c, "SELECT updated_at FROM kpi_position WHERE name = 'kpis'", new Object[0],
                    rs -> at[0] = Jdbc.instant(rs.getTimestamp(1)));
            return new Rollups(sales, weeks, joined, activity, cohorts, points, tiers, moves, expiring, at[0]);
        });
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, Object[] parameters, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            try (ResultSet rs = Jdbc.bind(ps, parameters).executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private static Object[] params(Object[] store, Object... more) {
        Object[] all = new Object[store.length + more.length];
        System.arraycopy(store, 0, all, 0, store.length);
        System.arraycopy(more, 0, all, store.length, more.length);
        return all;
    }

    private static YearMonth month(ResultSet rs, int column) throws SQLException {
        return YearMonth.from(rs.getObject(column, LocalDate.class));
    }

}
