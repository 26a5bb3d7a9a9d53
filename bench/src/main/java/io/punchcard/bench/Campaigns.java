package io.punchcard.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.bench.http.Api;
import io.punchcard.bench.load.LoadRun;
import io.punchcard.bench.store.BenchStores;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.SchedulerSettings;
import io.punchcard.campaign.engine.Action;
import io.punchcard.campaign.engine.Actor;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.CampaignStore;
import io.punchcard.campaign.engine.Lifecycle;
import io.punchcard.campaign.engine.Limits;
import io.punchcard.campaign.engine.Trigger;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.campaign.segment.SegmentCompiler;
import io.punchcard.campaign.segment.SegmentSql;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.campaign.store.PgCampaigns;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * Scenario 8: a campaign over a large read model (issue 13). Members are written straight into the core's
 * {@code member} table and the scheduler's {@code member_facts} (see {@link #load}); two segments are counted over
 * them with {@link PgAudiences#count}; then a scheduled campaign (a voucher and an e-mail for everyone, 10% held
 * out, no budget) is planned by the scheduler's own tick and carried out by its effect workers as shipped, against
 * the core's batch routes over loopback, until every treated member's effect is DONE. The books are checked after.
 */
final class Campaigns {

    /** Members per statement of the load: one commit each, so a failure part-way leaves whole chunks. */
    private static final int LOAD_CHUNK = 100_000;
    /** Each segment is counted this often; the first count is the cold one. */
    private static final int COUNTS = 10;
    /** The most the campaign may take before the bench gives up on it. */
    static final Duration MAX_CAMPAIGN = Duration.ofMinutes(30);
    /** With no effect settled for this long the workers are stuck, and the bench says so. */
    private static final Duration MAX_STALL = Duration.ofMinutes(2);
    private static final int HOLDOUT_PERCENT = 10;
    private static final String VOUCHER_TEMPLATE = "TEN-PERCENT";
    private static final String MESSAGE_TEMPLATE = "campaign-voucher";
    /** A realistic audience: members who agreed to e-mail and spent at least 50.00 in the last 365 days. */
    static final String REALISTIC_RULE = "{\"all\":[{\"field\":\"consents.email\",\"op\":\"eq\",\"value\":true},"
            + "{\"field\":\"spend.d365\",\"op\":\"gte\",\"value\":5000}]}";
    /** A rule every member matches. */
    static final String EVERYONE_RULE = "{\"all\":[{\"field\":\"spend.d365\",\"op\":\"gte\",\"value\":0}]}";

    private Campaigns() {
    }

    /**
     * What was measured.
     *
     * @param realistic    counts of the realistic segment
     * @param everyone     counts of the segment of everyone
     * @param matched      members the realistic segment matched
     * @param audience     members in the read model the campaign could reach
     * @param campaign     the campaign: items = effects DONE, elapsed = from the tick that planned it to the last DONE
     * @param planning     the tick that planned the run (one INSERT…SELECT)
     * @param workers      effect workers
     * @param batch        effects a worker takes at once
     * @param loadMembers  how long writing the members into both tables took
     * @param checks       the books: text and whether each holds
     */
    record Outcome(LoadRun.Result realistic, LoadRun.Result everyone, long matched, long audience, LoadRun.Result campaign,
                   Duration planning, int workers, int batch, Duration loadMembers, Map<String, Boolean> checks) {
    }

    static Outcome run(int members, int workersAsked, BenchStores stores, Core core, Api api, Consumer<String> log) throws Exception {
        try (Postgres pool = Postgres.openSchema(new PostgresSettings(stores.jdbcUrl(), stores.username(),
                stores.password(), 10), CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS)) {
            ZoneId zone = ZoneId.of(api.get("/api/v1/program").expect(200).json().get("program").get("timezone")
                    .asText());
            CampaignScheduler scheduler = CampaignScheduler.create(settings(workersAsked), pool.dbClient(),
                    Clock.systemUTC());
            int workers = scheduler.settings().campaigns().workers();
            PgCampaigns campaigns = new PgCampaigns(pool.dbClient());
            String id = "bench-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            Instant due = ZonedDateTime.now(zone).plusSeconds(70).truncatedTo(ChronoUnit.MINUTES).toInstant();
            CampaignSpec spec = new CampaignSpec("Bench: a voucher and an e-mail for everyone", CampaignSpec.Family.REWARD,
                    "scripts/bench scenario 8", null, new Trigger.OnSchedule(due.atZone(zone).toLocalDate(),
                    due.atZone(zone).toLocalTime(), null, null), List.of(new Action.IssueVoucher(VOUCHER_TEMPLATE),
                    new Action.SendMessage(MESSAGE_TEMPLATE, Channel.EMAIL)), Limits.NONE, HOLDOUT_PERCENT, null, null,
                    null);
            changed(campaigns.create(id, spec, Actor.named("bench"), Instant.now()));
            // Scheduled first, for the next minute (a schedule names minutes): the load and the counts take much of
            // the wait for it.
            changed(campaigns.move(id, Lifecycle.Move.SCHEDULE, null, Actor.named("bench"), Instant.now()));
            // Started before the campaign is due, so its clock's first tick (at start) plans nothing: the bench
            // ticks once the minute has come.
            // Both of its places in the feed at the end: what the campaign's vouchers add to the feed is read while it
            // runs, as in production, but not the bench's history.
            Mailing.followFromHead(stores, "messages", "facts");
            PunchcardClient client = new PunchcardClient(PunchcardClient.Settings.of(URI.create("http://127.0.0.1:"
                    + core.port()), core.connectorToken()));
            scheduler.start(client);
            try {
                log.accept("bench: 8 writing " + members + " members into the core and the scheduler's read model ...");
                long loadStart = System.nanoTime();
                load(stores, members, tierCode(api));
                Duration loadMembers = Duration.ofNanos(System.nanoTime() - loadStart);
                log.accept(String.format(Locale.ROOT, "bench:   %.1f s", loadMembers.toMillis() / 1000.0));

                PgAudiences audiences = new PgAudiences(pool.dbClient());
                log.accept("bench: 8a/8b counting segments ...");
                SegmentSql realisticSql = compile(REALISTIC_RULE, zone);
                long[] matched = new long[1];
                LoadRun.Result realistic = LoadRun.run(new LoadRun.Plan("8a segment count: e-mail consent and "
                        + "spend.d365 ≥ 5000", 1, Duration.ZERO, Duration.ofMinutes(5), COUNTS), n -> {
                            matched[0] = audiences.count(realisticSql);
                            return 1;
                        });
                SegmentSql everyoneSql = compile(EVERYONE_RULE, zone);
                long[] all = new long[1];
                LoadRun.Result everyone = LoadRun.run(new LoadRun.Plan("8b segment count: every member", 1, Duration.ZERO,
                        Duration.ofMinutes(5), COUNTS), n -> {
                            all[0] = audiences.count(everyoneSql);
                            return 1;
                        });

                log.accept("bench: 8c campaign " + id + " scheduled for " + due + "; waiting for its minute ...");
                while (Instant.now().isBefore(due)) {
                    Thread.sleep(100);
                }
                log.accept("bench: 8c planning and carrying out the campaign ...");
                long start = System.nanoTime();
                scheduler.tickCampaigns();
                Duration planning = Duration.ofNanos(System.nanoTime() - start);
                long[] states = awaitDone(stores, id, start, log);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                long done = states[0];
                long failed = states[1];
                LoadRun.Result result = new LoadRun.Result(new LoadRun.Plan("8c campaign: voucher and e-mail for every "
                        + "member, 10% held out", workers, Duration.ZERO, took, done), done, done, failed, took,
                        new org.HdrHistogram.Histogram(1), failed == 0 ? null : firstFailure(stores, id));
                Map<String, Boolean> checks = books(stores, id, all[0]);
                return new Outcome(realistic, everyone, matched[0], all[0], result, planning, workers,
                            scheduler.settings().campaigns().batch(), loadMembers,
                        checks);
            } finally {
                scheduler.close();
            }
        }
    }

    /**
     * Writes members {@code 1..count} into the core's {@code member} table and the scheduler's {@code member_facts},
     * a chunk per commit, then analyses both tables, as autovacuum would soon after. The core's enrolment route
     * takes 200 to 300 members a second on this machine (over an hour for a million), and the read
     * model is filled from the core's events feed at a similar pace, so both are written straight (issue 15 allows
     * it for history). The member rows are what a voucher issue reads and locks; they have no identifiers or
     * consents in the core, which nothing measured here reads. Ids are md5 of the member's number, so both
     * tables name the same members without a join. In the facts: 80% agreed to e-mail, 40% bought nothing in a year,
     * the others spent up to 300.00.
     */
    private static void load(BenchStores stores, int count, String tier) throws SQLException {
        try (Connection c = stores.connect()) {
            for (int from = 1; from <= count; from += LOAD_CHUNK) {
                int to = Math.min(count, from + LOAD_CHUNK - 1);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO member (id, status, given_name, family_name, language, preferred_store, join_channel,
                            join_store, referral_code, tier_code, tier_since, created_at, updated_at)
                        SELECT md5('bench-campaign-' || n)::uuid, 'ACTIVE', 'Reader', 'No' || n, 'en', 'S001', 'ONLINE',
                            'S001', 'BC' || n, ?, now(), now(), now()
                        FROM generate_series(?, ?) AS n""")) {
                    ps.setString(1, tier);
                    ps.setInt(2, from);
                    ps.setInt(3, to);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CampaignScheduler.SCHEMA + """
                        .member_facts (member_id, tier, preferred_store, join_store, join_channel, joined_at, language,
                            time_zone, email_consent, referral_code, purchases, spend_minor, visits_365, spend_30,
                            spend_90, spend_365, windows_on, updated_at)
                        SELECT md5('bench-campaign-' || n)::uuid, ?, 'S001', 'S001', 'ONLINE', now(), 'en',
                            'Europe/Berlin', n % 10 < 8, 'BC' || n, v, s, v, s / 12, s / 4, s, current_date, now()
                        FROM generate_series(?, ?) AS n,
                             LATERAL (SELECT CASE WHEN n % 5 < 2 THEN 0 ELSE abs(hashint4(n)) % 30000 END AS s,
                                             CASE WHEN n % 5 < 2 THEN 0 ELSE 1 + n % 12 END AS v) AS spend""")) {
                    ps.setString(1, tier);
                    ps.setInt(2, from);
                    ps.setInt(3, to);
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE member");
                s.execute("ANALYZE " + CampaignScheduler.SCHEMA + ".member_facts");
            }
        }
    }

    /** The program's first tier, which every new member is in. */
    private static String tierCode(Api api) {
        JsonNode levels = api.get("/api/v1/program").expect(200).json().get("program").get("tiers").get("levels");
        return levels.get(0).get("code").asText();
    }

    private static SegmentSql compile(String rule, ZoneId zone) {
        return switch (RuleJson.read(Json.read(rule, JsonNode.class), "rule")) {
            case RuleJson.Read read -> new SegmentCompiler(Instant.now(), zone).compile(read.rule());
            case RuleJson.Refused refused -> throw new IllegalStateException("bench rule refused: " + refused);
        };
    }

    private static void changed(CampaignStore.Change change) {
        if (!(change instanceof CampaignStore.Changed)) {
            throw new IllegalStateException("the bench campaign was not saved: " + change);
        }
    }

    /**
     * The scheduler as a new installation runs it ({@code workers} effect workers when above 0), less the welcome and receipt occasions and with no e-mail
     * provider (messages stay QUEUED: sending is scenario 7's), and with the clock's tick left to the bench: it
     * calls {@link CampaignScheduler#tickCampaigns} once the campaign's minute has come, so the measurement starts
     * with the planning, not up to a tick later.
     */
    private static SchedulerSettings settings(int workers) {
        Map<String, String> values = new HashMap<>(Map.of(
                "welcome.enabled", "false",
                "receipt.enabled", "false",
                "campaigns.tick-seconds", "3600"));
        if (workers > 0) {
            values.put("campaigns.workers", Integer.toString(workers));
        }
        return Mailing.schedulerSettings(values);
    }

    /**
     * Waits until no effect of {@code campaign} is PLANNED or CLAIMED; returns how many are DONE and how many
     * ended otherwise. The check asks the (campaign, state) index for one row every 200 ms; the progress line and
     * the stall check count every 30 s (a count of a million effects takes a tenth of a second).
     */
    private static long[] awaitDone(BenchStores stores, String campaign, long start, Consumer<String> log)
            throws Exception {
        try (Connection c = stores.connect();
             PreparedStatement open = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + CampaignScheduler.SCHEMA
                     + ".campaign_effect WHERE campaign = ? AND state IN ('PLANNED', 'CLAIMED'))")) {
            open.setString(1, campaign);
            long lastProgress = System.nanoTime();
            long lastCount = System.nanoTime();
            long lastSettled = -1;
            while (true) {
                boolean waiting;
                try (ResultSet rs = open.executeQuery()) {
                    rs.next();
                    waiting = rs.getBoolean(1);
                }
                if (!waiting) {
                    return states(c, campaign);
                }
                if (System.nanoTime() - lastCount > Duration.ofSeconds(30).toNanos()) {
                    lastCount = System.nanoTime();
                    long[] states = states(c, campaign);
                    long settled = states[0] + states[1];
                    log.accept(String.format(Locale.ROOT, "bench:   %.0f s: %,d effects done", (lastCount - start) / 1e9,
                            states[0]));
                    if (settled != lastSettled) {
                        lastSettled = settled;
                        lastProgress = System.nanoTime();
                    }
                }
                if (System.nanoTime() - start > MAX_CAMPAIGN.toNanos()
                        || System.nanoTime() - lastProgress > MAX_STALL.toNanos()) {
                    throw new IllegalStateException("8c: the campaign's effects did not all settle within "
                            + MAX_CAMPAIGN.toMinutes() + " min, or none settled for " + MAX_STALL.toSeconds() + " s: "
                            + states(c, campaign)[0] + " DONE; first not done: " + firstFailure(stores, campaign));
                }
                Thread.sleep(200);
            }
        }
    }

    /** Effects of {@code campaign} DONE, and those ended otherwise (held-out members are not effects to do). */
    private static long[] states(Connection c, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE state = 'DONE'), count(*) FILTER "
                + "(WHERE state IN ('FAILED', 'SKIPPED', 'OVER_BUDGET')) FROM " + CampaignScheduler.SCHEMA
                + ".campaign_effect WHERE campaign = ?")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static String firstFailure(BenchStores stores, String campaign) throws SQLException {
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("SELECT state || ': ' || "
                + "coalesce(detail, '') FROM " + CampaignScheduler.SCHEMA + ".campaign_effect WHERE campaign = ? "
                + "AND state NOT IN ('DONE', 'HELD_OUT') ORDER BY id LIMIT 1")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * The books of the campaign: one effect per member of the audience; every treated member's effect DONE with a
     * voucher of the core issued to that member for the campaign and one QUEUED message of the campaign; no voucher
     * or message twice; about 10% held out, none of whom got either.
     */
    private static Map<String, Boolean> books(BenchStores stores, String campaign, long audience) throws SQLException {
        String s = CampaignScheduler.SCHEMA;
        long[] n;
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("SELECT "
                + "(SELECT count(*) FROM " + s + ".campaign_effect WHERE campaign = ?), "
                + "(SELECT count(DISTINCT member_id) FROM " + s + ".campaign_effect WHERE campaign = ?), "
                + "(SELECT count(*) FROM " + s + ".campaign_effect WHERE campaign = ? AND state = 'DONE'), "
                + "(SELECT count(*) FROM " + s + ".campaign_effect WHERE campaign = ? AND state = 'HELD_OUT'), "
                + "(SELECT count(*) FROM voucher WHERE campaign = ?), "
                + "(SELECT count(DISTINCT member_id) FROM voucher WHERE campaign = ?), "
                + "(SELECT count(*) FROM " + s + ".campaign_effect e JOIN voucher v ON v.id = e.voucher_id "
                + "AND v.member_id = e.member_id AND v.campaign = e.campaign WHERE e.campaign = ? AND e.state = 'DONE'), "
                + "(SELECT count(*) FROM " + s + ".message WHERE campaign = ?), "
                + "(SELECT count(DISTINCT member_id) FROM " + s + ".message WHERE campaign = ?), "
                + "(SELECT count(*) FROM " + s + ".message WHERE campaign = ? AND state = 'QUEUED'), "
                + "(SELECT count(*) FROM " + s + ".campaign_effect e JOIN " + s + ".message m ON m.member_id = e.member_id "
                + "AND m.campaign = e.campaign WHERE e.campaign = ? AND e.state = 'DONE'), "
                + "(SELECT count(*) FROM " + s + ".campaign_effect e WHERE e.campaign = ? AND e.state = 'HELD_OUT' AND ("
                + "EXISTS (SELECT 1 FROM voucher v WHERE v.member_id = e.member_id AND v.campaign = e.campaign) OR "
                + "EXISTS (SELECT 1 FROM " + s + ".message m WHERE m.member_id = e.member_id AND m.campaign = e.campaign)))")) {
            for (int i = 1; i <= 12; i++) {
                ps.setString(i, campaign);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = new long[12];
                for (int i = 0; i < 12; i++) {
                    n[i] = rs.getLong(i + 1);
                }
            }
        }
        long effects = n[0];
        long distinctMembers = n[1];
        long done = n[2];
        long heldOut = n[3];
        long vouchers = n[4];
        long voucherMembers = n[5];
        long doneWithVoucher = n[6];
        long messages = n[7];
        long messageMembers = n[8];
        long queued = n[9];
        long doneWithMessage = n[10];
        long heldOutGranted = n[11];
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put(String.format(Locale.ROOT, "campaign over %,d members in the read model: %,d effects planned, for "
                        + "%,d different members", audience, effects, distinctMembers),
                effects == audience && distinctMembers == audience);
        checks.put(String.format(Locale.ROOT, "campaign: %,d effects DONE; the core holds %,d vouchers of the campaign "
                        + "for %,d members, %,d of them the voucher its DONE effect names, for that member",
                done, vouchers, voucherMembers, doneWithVoucher),
                done == effects - heldOut && vouchers == done && voucherMembers == done && doneWithVoucher == done);
        checks.put(String.format(Locale.ROOT, "campaign: %,d messages planned with the campaign for %,d members, %,d "
                        + "QUEUED, %,d matching a DONE effect's member", messages, messageMembers, queued, doneWithMessage),
                messages == done && messageMembers == done && queued == done && doneWithMessage == done);
        // Held out by a hash of (campaign, member): binomial, so a tolerance of five standard deviations.
        double expected = audience * HOLDOUT_PERCENT / 100.0;
        double tolerance = 5 * Math.sqrt(audience * 0.1 * 0.9) + 1;
        checks.put(String.format(Locale.ROOT, "campaign: %,d held out (%.2f%%, expected %d%% ± %.0f members), %d of them "
                        + "given a voucher or a message", heldOut, 100.0 * heldOut / Math.max(1, effects),
                HOLDOUT_PERCENT, tolerance, heldOutGranted),
                Math.abs(heldOut - expected) <= tolerance && heldOutGranted == 0);
        return checks;
    }
}
