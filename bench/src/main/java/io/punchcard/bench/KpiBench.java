package io.punchcard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.bench.http.Api;
import io.punchcard.bench.load.LoadRun;
import io.punchcard.bench.store.BenchStores;

/**
 * Scenario 9: the manager console's KPIs over a long history (issue 15). Purchases are written straight into the core's
 * tables with set-based SQL (with their members, lots and EARN entries: the core's route records about 2,500 a
 * second here, hours for ten million), the rollups are rebuilt from them ({@code POST /api/v1/kpis/rebuild}), then
 * the dashboard ({@code GET /api/v1/kpis}, every store, the last twelve months) is timed over HTTP beside the same
 * figures computed by scanning the tables in the same run. The two must agree.
 */
final class KpiBench {

    /** Purchases per statement of the load: one commit each, so the WAL and a failure stay bounded. */
    private static final long CHUNK = 1_000_000;
    /** One member per this many purchases: a member buys about 40 times in the two years. */
    private static final long PURCHASES_PER_MEMBER = 50;
    private static final int DASHBOARD_READS = 30;
    private static final int SCANS = 3;

    private KpiBench() {
    }

    /**
     * @param load      writing the members, purchases, lots and entries
     * @param rebuild   the rebuild's request
     * @param dashboard the dashboard's requests
     * @param scan      the scans computing the same figures
     * @param checks    the rollups' figures against the scan's: text and whether each holds
     */
    record Outcome(Duration load, LoadRun.Result rebuild, LoadRun.Result dashboard, LoadRun.Result scan,
                   LoadRun.Result live, Duration lag, Map<String, Boolean> checks) {
    }

    /**
     * @param batches    how many batches of live sales scenario 9d sends
     * @param batch      sends the batch of the number given and answers how many sales it recorded
     */
    static Outcome run(long purchases, long batches, LoadRun.Operation batch, BenchStores stores, Core core, Api api,
                       Consumer<String> log) throws Exception {
        JsonNode program = api.get("/api/v1/program").expect(200).json().get("program");
        ZoneId zone = ZoneId.of(program.get("timezone").asText());
        List<String> storeCodes = new ArrayList<>();
        program.get("stores").forEach(s -> storeCodes.add(s.get("code").asText()));
        log.accept(String.format(Locale.ROOT, "bench: 9 writing %,d purchases of two years into the core's tables ...",
                purchases));
        long started = System.nanoTime();
        load(stores, purchases, storeCodes, program.get("currency").asText(), program.path("tiers").path("levels")
                .path(0).path("code").asText("MEMBER"));
        Duration load = Duration.ofNanos(System.nanoTime() - started);
        log.accept(String.format(Locale.ROOT, "bench:   %.1f s", load.toMillis() / 1000.0));

        log.accept("bench: 9a rebuilding the KPI rollups ...");
        // In process: a rebuild of millions of purchases outlasts any HTTP client's patience (the route runs the same
        // code), and the dashboard's reads must not start while it still holds the rollups.
        LoadRun.Result rebuild = LoadRun.run(new LoadRun.Plan("9a KPI rollups rebuilt from the tables (the rebuild of "
                + "POST /api/v1/kpis/rebuild)", 1, Duration.ZERO, Duration.ofHours(1), 1), n -> {
                    core.rebuildKpis();
                    return 1;
                });
        core.catchUpKpis();
        YearMonth to = YearMonth.now(zone);
        String period = "from=" + to.minusMonths(11) + "&to=" + to;
        log.accept("bench: 9b the KPI dashboard, and the same figures by scanning ...");
        JsonNode[] answer = new JsonNode[1];
        LoadRun.Result dashboard = LoadRun.run(new LoadRun.Plan("9b KPI dashboard: GET /api/v1/kpis, every store, "
                + "12 months", 1, Duration.ZERO, Duration.ofMinutes(10), DASHBOARD_READS), n -> {
                    answer[0] = api.get("/api/v1/kpis?" + period).expect(200).json();
                    return 1;
                });
        Map<String, Long> scanned = new LinkedHashMap<>();
        LoadRun.Result scan = LoadRun.run(new LoadRun.Plan("9c the same figures by scanning the tables (baseline)", 1,
                Duration.ZERO, Duration.ofHours(1), SCANS), n -> {
                    scanned.putAll(scan(stores, zone, to.minusMonths(11), to));
                    return 1;
                });
        Map<String, Boolean> checks = new LinkedHashMap<>();
        log.accept("bench: 9d live sales in batches while the rollups follow ...");
        String thisMonth = "/api/v1/kpis?from=" + to + "&to=" + to;
        long before = Math.round(figure(api.get(thisMonth).expect(200).json(), "purchases"));
        LoadRun.Result live = LoadRun.run(new LoadRun.Plan("9d live purchases in batches of 500 while the KPI "
                + "rollups follow", 2, Duration.ZERO, Duration.ofHours(1), batches), batch);
        long answered = System.nanoTime();
        long counted = before;
        while (counted < before + live.items() && System.nanoTime() - answered < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(50);
            counted = Math.round(figure(api.get(thisMonth).expect(200).json(), "purchases"));
        }
        Duration lag = Duration.ofNanos(System.nanoTime() - answered);
        checks.put(String.format(Locale.ROOT, "KPI purchases this month grew by the %,d live sales recorded: by %,d",
                live.items(), counted - before), counted - before == live.items());
        scanned.forEach((key, value) -> {
            long rolled = Math.round(figure(answer[0], key));
            checks.put(String.format(Locale.ROOT, "KPI %s from the rollups: %,d; by scanning the tables: %,d", key,
                    rolled, value), rolled == value);
        });
        return new Outcome(load, rebuild, dashboard, scan, live, lag, checks);
    }

    private static double figure(JsonNode kpis, String key) {
        for (JsonNode figure : kpis.get("figures")) {
            if (figure.get("key").asText().equals(key)) {
                return figure.get("value").asDouble();
            }
        }
        throw new IllegalStateException("the KPIs have no " + key);
    }

    /**
     * Members, then purchases spread over the last two years (one in five anonymous) with, for members' purchases,
     * the lot and the EARN entry the core would write: a point per euro of eligible spend, available at once, expiring
     * within the coming year so that no expiry job runs into them mid-bench. Members join over the same two years
     * at the program's stores in turn. Ids are md5 of a number, so purchases name their members without a lookup.
     */
    private static void load(BenchStores stores, long purchases, List<String> storeCodes, String currency, String tier)
            throws SQLException {
        long members = Math.max(1, purchases / PURCHASES_PER_MEMBER);
        String[] codes = storeCodes.toArray(String[]::new);
        try (Connection c = stores.connect()) {
            int version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT max(version) FROM program_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            for (long from = 1; from <= members; from += CHUNK) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO member (id, status, given_name, join_channel, join_store, referral_code, tier_code,
                            tier_since, created_at, updated_at)
                        SELECT md5('bench-kpi-m' || n)::uuid, 'ACTIVE', 'Kim', CASE WHEN n % 3 = 0 THEN 'ONLINE' ELSE 'POS' END,
                            (?::text[])[1 + n % cardinality(?::text[])], 'BK' || n, ?, t, t, t
                        FROM generate_series(?::bigint, ?::bigint) AS n,
                             LATERAL (SELECT now() - ((n * 7919) % (730 * 86400)) * interval '1 second' AS t) AS joined""")) {
                    ps.setArray(1, c.createArrayOf("text", codes));
                    ps.setArray(2, c.createArrayOf("text", codes));
                    ps.setString(3, tier);
                    ps.setLong(4, from);
                    ps.setLong(5, Math.min(members, from + CHUNK - 1));
                    ps.executeUpdate();
                }
            }
            for (long from = 1; from <= purchases; from += CHUNK) {
                long to = Math.min(purchases, from + CHUNK - 1);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO purchase (id, source, external_id, member_id, channel, store, terminal, occurred_at,
                            currency, total_minor, eligible_minor, qualifying_minor, points_earned, program_version, award,
                            detail, result, recorded_at)
                        SELECT md5('bench-kpi-p' || n)::uuid, 'bench-kpi', 'p' || n,
                            CASE WHEN n % 5 = 0 THEN NULL ELSE md5('bench-kpi-m' || (1 + (n * 31) % ?))::uuid END,
                            'POS', (?::text[])[1 + n % cardinality(?::text[])], 'T1',
                            now() - ((n * 104729) % (730 * 86400)) * interval '1 second', ?, total, total * 9 / 10,
                            total * 9 / 10, CASE WHEN n % 5 = 0 THEN 0 ELSE total * 9 / 1000 END, ?, '{}', '{}', '{}', now()
                        FROM generate_series(?::bigint, ?::bigint) AS n,
                             LATERAL (SELECT 500 + (n * 37) % 20000 AS total) AS sale""")) {
                    ps.setLong(1, members);
                    ps.setArray(2, c.createArrayOf("text", codes));
                    ps.setArray(3, c.createArrayOf("text", codes));
                    ps.setString(4, currency);
                    ps.setInt(5, version);
                    ps.setLong(6, from);
                    ps.setLong(7, to);
                    ps.executeUpdate();
                }
                // The lots and entries of the chunk's member purchases, from the same numbers as the purchases.
                try (PreparedStatement ps = c.prepareStatement("""
                        WITH lots AS (
                            INSERT INTO points_lot (member_id, purchase_id, earned, remaining, available_at, expires_at,
                                released, created_at)
                            SELECT md5('bench-kpi-m' || (1 + (n * 31) % ?))::uuid, md5('bench-kpi-p' || n)::uuid,
                                total * 9 / 1000, total * 9 / 1000, at, now() + (1 + n % 365) * interval '1 day', true, at
                            FROM generate_series(?::bigint, ?::bigint) AS n,
                                 LATERAL (SELECT 500 + (n * 37) % 20000 AS total,
                                     now() - ((n * 104729) % (730 * 86400)) * interval '1 second' AS at) AS sale
                            WHERE n % 5 <> 0
                            RETURNING id, member_id, purchase_id, earned, created_at)
                        INSERT INTO points_entry (member_id, kind, points, reason, purchase_id, lot_id, actor, at)
                        SELECT member_id, 'EARN', earned, 'purchase', purchase_id, id, 'system', created_at FROM lots""")) {
                    ps.setLong(1, members);
                    ps.setLong(2, from);
                    ps.setLong(3, to);
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE member, purchase, points_lot, points_entry");
            }
        }
    }

    /**
     * The dashboard's figures computed from the core's tables directly, as a console without rollups would: the
     * headline figures (returned, to compare) and the series behind the charts (read and dropped): sales, active
     * members and repeaters per month, cohorts, new members per week, points per month, tiers and the liability by
     * month. Time bounds are ranges on the indexed columns, the fairest a scan can be.
     */
    private static Map<String, Long> scan(BenchStores stores, ZoneId zone, YearMonth from, YearMonth to)
            throws SQLException {
        Map<String, Long> figures = new LinkedHashMap<>();
        String z = "'" + zone.getId() + "'";
        String first = "('" + from.atDay(1) + "'::timestamp AT TIME ZONE " + z + ")";
        String last = "('" + to.atDay(1) + "'::timestamp AT TIME ZONE " + z + ")";
        String end = "('" + to.plusMonths(1).atDay(1) + "'::timestamp AT TIME ZONE " + z + ")";
        String inPeriod = " >= " + first + " AND %s < " + end;
        try (Connection c = stores.connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            figures.put("purchases", number(c, "SELECT count(*) FROM purchase WHERE occurred_at"
                    + inPeriod.formatted("occurred_at")));
            figures.put("salesMinor", number(c, "SELECT coalesce(sum(eligible_minor), 0) FROM purchase WHERE occurred_at"
                    + inPeriod.formatted("occurred_at")) - number(c, "SELECT coalesce(sum(eligible_minor), 0) FROM refund "
                    + "WHERE recorded_at" + inPeriod.formatted("recorded_at")));
            figures.put("activeMembers", number(c, "SELECT count(DISTINCT member_id) FROM purchase WHERE occurred_at >= "
                    + last + " AND occurred_at < " + end));
            figures.put("members", number(c, "SELECT count(*) FROM member WHERE status = 'ACTIVE'"));
            figures.put("pointsIssued", number(c, "SELECT coalesce(sum(points), 0) FROM points_entry WHERE (kind = 'EARN' "
                    + "OR kind = 'ADJUST' AND points > 0) AND at" + inPeriod.formatted("at")));
            figures.put("liabilityPoints", number(c, "SELECT coalesce(sum(remaining), 0) FROM points_lot WHERE "
                    + "remaining > 0"));
            for (String series : List.of(
                    "SELECT date_trunc('month', occurred_at AT TIME ZONE " + z + "), member_id IS NOT NULL, count(*), "
                            + "sum(total_minor), sum(eligible_minor) FROM purchase WHERE occurred_at"
                            + inPeriod.formatted("occurred_at") + " GROUP BY 1, 2",
                    "SELECT month, count(*), count(*) FILTER (WHERE visits >= 2), sum(visits) FROM (SELECT member_id, "
                            + "date_trunc('month', occurred_at AT TIME ZONE " + z + ") AS month, count(*) AS visits "
                            + "FROM purchase WHERE member_id IS NOT NULL AND occurred_at" + inPeriod.formatted("occurred_at")
                            + " GROUP BY 1, 2) AS v GROUP BY 1",
                    "SELECT date_trunc('month', m.created_at AT TIME ZONE " + z + "), v.month, count(*) FROM (SELECT "
                            + "DISTINCT member_id, date_trunc('month', occurred_at AT TIME ZONE " + z + ") AS month FROM "
                            + "purchase WHERE member_id IS NOT NULL AND occurred_at" + inPeriod.formatted("occurred_at")
                            + ") AS v JOIN member m ON m.id = v.member_id WHERE m.created_at"
                            + inPeriod.formatted("m.created_at") + " GROUP BY 1, 2",
                    "SELECT date_trunc('week', created_at AT TIME ZONE " + z + "), join_channel, count(*) FROM member "
                            + "WHERE created_at" + inPeriod.formatted("created_at") + " GROUP BY 1, 2",
                    "SELECT date_trunc('month', at AT TIME ZONE " + z + "), kind, sum(points) FROM points_entry WHERE at"
                            + inPeriod.formatted("at") + " GROUP BY 1, 2",
                    "SELECT tier_code, count(*) FROM member WHERE status = 'ACTIVE' GROUP BY 1",
                    "SELECT date_trunc('month', expires_at AT TIME ZONE " + z + "), sum(remaining) FROM points_lot "
                            + "WHERE remaining > 0 GROUP BY 1")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(series)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            c.commit();
        }
        return figures;
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
