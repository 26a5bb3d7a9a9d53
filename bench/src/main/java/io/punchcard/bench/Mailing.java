package io.punchcard.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.bench.data.Shoppers;
import io.punchcard.bench.http.Api;
import io.punchcard.bench.load.LoadRun;
import io.punchcard.bench.mail.PlainSmtp;
import io.punchcard.bench.mail.SmtpSink;
import io.punchcard.bench.store.BenchStores;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.SchedulerSettings;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.message.Rendering;
import io.punchcard.campaign.message.TemplateFacts;
import io.punchcard.campaign.message.TemplateRenderer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * Scenario 7: a marketing e-mail to many members, as a campaign will send one. Members who agreed to e-mail are
 * enrolled through the core's API; the messages are queued with {@link MessagePlanner#planAll}; the scheduler (the
 * one the app mounts, its dispatcher as shipped: 4 workers, 4 SMTP connections), warmed up on other e-mails first,
 * is started and sends them all to
 * an SMTP sink on loopback; then the same number of the same rendered e-mail goes from a plain Angus Mail loop to
 * the same sink, over as many connections, as the ceiling.
 *
 * <p>Members: enrolling 100,000 through the API takes about a minute on a 2-core machine, most of the short
 * run's budget, and a campaign's cost per message does not depend on how many members share the list; so
 * {@link #PER_MEMBER} messages go to each member, with the frequency cap off (a newly installed system's
 * settings with {@code maxMessages 0}), quiet hours off and rates unlimited. Consecutive messages go to different
 * members, so a claimed batch of 100 looks up, decides and locks 100 different members, as a campaign's batch
 * would, and the workers do not queue behind one member's lock.
 */
final class Mailing {

    /** Messages per member; see the class comment. */
    static final int PER_MEMBER = 10;
    /** One campaign's list is planned a chunk at a time, as the campaign engine will. */
    private static final int PLAN_LIST = 1_000;
    /** The most a delivery may take before the bench gives up on it. */
    private static final Duration MAX_DELIVERY = Duration.ofMinutes(30);
    /** With no message settled for this long the dispatcher is stuck, and the bench says so. */
    private static final Duration MAX_STALL = Duration.ofMinutes(2);
    private static final String TEMPLATE = "welcome";
    /**
     * E-mails delivered before the measured ones, by a scheduler of their own, so the measured delivery runs on
     * compiled code as the ceiling does after its warm-up (the JIT compiler took a third of the CPU of a cold run).
     */
    static final int WARMUP_MESSAGES = 5_000;

    private Mailing() {
    }

    /**
     * What was measured.
     *
     * @param queued      planning the messages
     * @param delivered   the dispatcher's delivery: items = SENT, failures = settled otherwise; elapsed until all settled
     * @param deliveryMillis p50, p95, p99 of hand-over to SENT, per message
     * @param ceiling     the plain Angus Mail loop
     * @param workers     the dispatcher's workers for e-mail, and the ceiling's connections
     * @param members     members the messages went to
     * @param enrolled    their enrolment through the API
     * @param checks      invariants: text and whether each holds
     */
    record Outcome(LoadRun.Result queued, LoadRun.Result delivered, double[] deliveryMillis, LoadRun.Result ceiling,
                   int workers, int members, LoadRun.Result enrolled, Map<String, Boolean> checks) {
    }

    static Outcome run(int messages, Options options, BenchStores stores, Core core, Api api, Consumer<String> log)
            throws Exception {
        int members = Math.max(1, (messages + PER_MEMBER - 1) / PER_MEMBER);
        log.accept("bench: 7 enrolling " + members + " members who agreed to e-mail ...");
        UUID[] byNumber = new UUID[members];
        LoadRun.Result enrolled = LoadRun.run(new LoadRun.Plan("7 enrol e-mail members", 8, Duration.ZERO,
                Duration.ofHours(1), members), n -> {
                    byNumber[(int) n] = UUID.fromString(api.post("/api/v1/members", reader((int) n)).expect(201).json()
                            .get("id").asText());
                    return 1;
                });
        requireClean(enrolled);
        Map<String, Boolean> checks = new java.util.LinkedHashMap<>();
        try (SmtpSink sink = new SmtpSink();
             Postgres pool = Postgres.openSchema(new PostgresSettings(stores.jdbcUrl(), stores.username(),
                     stores.password(), 10), CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS)) {
            Clock clock = Clock.systemUTC();
            followFromHead(stores, "messages");
            PunchcardClient coreClient = new PunchcardClient(PunchcardClient.Settings.of(URI.create("http://127.0.0.1:"
                    + core.port()), core.connectorToken()));
            int warmup = Math.min(messages, WARMUP_MESSAGES);
            log.accept("bench: 7 warming the delivery up with " + warmup + " e-mails (not measured) ...");
            CampaignScheduler warming = CampaignScheduler.create(settings(sink.port()), pool.dbClient(), clock);
            String warmupCampaign = campaign();
            planAll(warming, clock, campaignList(warmupCampaign, warmup, byNumber, clock.instant()));
            warming.start(coreClient);
            try {
                awaitSettled(stores, sink, warmupCampaign, warmup);
            } finally {
                warming.close();
            }
            sink.reset();

            CampaignScheduler scheduler = CampaignScheduler.create(settings(sink.port()), pool.dbClient(), clock);
            int workers = scheduler.settings().dispatcher().workersPerChannel();
            String campaign = campaign();
            List<PlannedMessage> list = campaignList(campaign, messages, byNumber, clock.instant());
            MessagePlanner planner = new MessagePlanner(scheduler.messages(), scheduler.rules(), clock);
            log.accept("bench: 7a queueing " + messages + " marketing e-mails ...");
            LoadRun.Result queued = LoadRun.run(new LoadRun.Plan("7a queue marketing e-mails: planAll, lists of "
                    + PLAN_LIST, 1, Duration.ZERO, Duration.ofHours(1), (messages + PLAN_LIST - 1) / PLAN_LIST), n -> {
                        int from = (int) n * PLAN_LIST;
                        return planner.planAll(list.subList(from, Math.min(messages, from + PLAN_LIST)));
                    });
            requireClean(queued);

            log.accept("bench: 7b delivering them ...");
            long start = System.nanoTime();
            scheduler.start(coreClient);
            long[] settled;
            try {
                settled = awaitSettled(stores, sink, campaign, messages);
            } finally {
                scheduler.close();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LoadRun.Result delivered = new LoadRun.Result(new LoadRun.Plan("7b deliver marketing e-mails: dispatcher → "
                    + "SMTP sink", workers, Duration.ZERO, took, messages), settled[0], settled[0], settled[1], took,
                    new org.HdrHistogram.Histogram(1), settled[1] == 0 ? null : firstFailure(stores, campaign));
            double[] deliveryMillis = handOverToSent(stores, campaign);
            checks.put(String.format(Locale.ROOT, "messages: %,d queued, %,d SENT, %,d settled otherwise; the sink took "
                    + "%,d with %,d different Message-IDs, %d repeated, %d without one", queued.items(), settled[0],
                    settled[1], sink.received(), sink.distinctIds(), sink.repeatedIds(), sink.withoutId()),
                    queued.items() == messages && settled[0] == messages && sink.received() == messages
                            && sink.distinctIds() == messages && sink.repeatedIds() == 0 && sink.withoutId() == 0);

            log.accept("bench: (d) SMTP ceiling ...");
            sink.reset();
            Rendering.Rendered rendered = rendered(scheduler);
            LoadRun.Result ceiling;
            try (PlainSmtp plain = new PlainSmtp(sink.port(), workers)) {
                String unsubscribe = "http://127.0.0.1:1/unsubscribe/u1." + "x".repeat(120);
                ceiling = LoadRun.run(new LoadRun.Plan("(d) SMTP ceiling: plain Angus Mail, " + workers
                        + " connections", workers, options.warmup(), MAX_DELIVERY, messages), n -> {
                            plain.send("<ceiling-" + n + "@bench.example>", "reader" + (n % members) + "@bench.example",
                                    rendered.subject(), rendered.textBody(), rendered.htmlBody(), unsubscribe);
                            return 1;
                        });
            }
            checks.put(String.format(Locale.ROOT, "SMTP ceiling: %,d sent in the measured period, the sink took %,d "
                    + "with the warm-up's, %d Message-IDs repeated", ceiling.items() + ceiling.failures(), sink.received(),
                    sink.repeatedIds()), sink.received() >= ceiling.items() && sink.repeatedIds() == 0);
            return new Outcome(queued, delivered, deliveryMillis, ceiling, workers, members, enrolled, checks);
        }
    }

    private static String campaign() {
        return "bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A campaign of {@code count} e-mails due at {@code due}, to the members in turn. */
    private static List<PlannedMessage> campaignList(String campaign, int count, UUID[] members, Instant due) {
        List<PlannedMessage> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new PlannedMessage("campaign:" + campaign + ":1:" + i, Purpose.MARKETING, Channel.EMAIL,
                    members[i % members.length], null, TEMPLATE, CauseFacts.NONE, campaign, campaign, due));
        }
        return list;
    }

    private static void planAll(CampaignScheduler scheduler, Clock clock, List<PlannedMessage> list) {
        MessagePlanner planner = new MessagePlanner(scheduler.messages(), scheduler.rules(), clock);
        for (int from = 0; from < list.size(); from += PLAN_LIST) {
            planner.planAll(list.subList(from, Math.min(list.size(), from + PLAN_LIST)));
        }
    }

    /** Member {@code n} of the mailing list: a web sign-up with an e-mail address and consent to e-mail. */
    private static EnrollMember reader(int n) {
        return new EnrollMember("Reader", "No" + n, null, "reader" + n + "@bench.example", null, null, null, "en",
                Shoppers.STORE, "ONLINE", Shoppers.STORE, null, Map.of("email", new Consent(true, "bench", null)), null);
    }

    /**
     * The scheduler as a new installation runs it, less what the scenario turns off: the frequency cap, quiet hours
     * and rate limits (a campaign of 100,000 at 14 e-mails/s would take two hours), and the welcome and receipt
     * occasions (the members enrolled for the list would each get a welcome besides).
     */
    private static SchedulerSettings settings(int smtpPort) {
        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry("rules.frequency-cap.max-messages", "0"),
                Map.entry("rules.quiet-hours.start", "00:00"),
                Map.entry("rules.quiet-hours.end", "00:00"),
                Map.entry("rules.rate-per-second.email", "0"),
                Map.entry("rules.rate-per-second.sms", "0"),
                Map.entry("welcome.enabled", "false"),
                Map.entry("receipt.enabled", "false"),
                Map.entry("email.smtp.host", "127.0.0.1"),
                Map.entry("email.smtp.port", Integer.toString(smtpPort)),
                Map.entry("email.smtp.security", "NONE"),
                Map.entry("email.smtp.from", "Punchcard <loyalty@bench.example>")));
        return schedulerSettings(values);
    }

    /** The scheduler's settings with {@code values} (keys under {@code messages.}), the defaults for the rest. */
    static SchedulerSettings schedulerSettings(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((k, v) -> prefixed.put("messages." + k, v));
        return SchedulerSettings.from(Config.just(ConfigSources.create(prefixed)).get("messages"),
                URI.create("http://127.0.0.1:1"));
    }

    /**
     * Puts the scheduler's places in the core's events feed ({@code consumers}) at its end, as a scheduler running
     * all along would have them: otherwise it would start by reading the whole history (a million purchases in a
     * full run) while the delivery is measured.
     */
    static void followFromHead(BenchStores stores, String... consumers) throws SQLException {
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + CampaignScheduler.SCHEMA + ".feed_position (consumer, position, updated_at) SELECT consumer, "
                + "txid::text || '-' || id, now() FROM (SELECT txid, id FROM outbox_event ORDER BY txid DESC, id DESC "
                + "LIMIT 1) head, unnest(?::text[]) AS consumer "
                + "ON CONFLICT (consumer) DO UPDATE SET position = excluded.position")) {
            ps.setArray(1, c.createArrayOf("text", consumers));
            ps.executeUpdate();
        }
    }

    /**
     * Waits until every message of {@code campaign} is settled; returns how many are SENT and how many not. While
     * the sink has not taken them all, it watches the sink's own count, which costs nothing; the database is asked
     * every 5 s (for the stall check: a message can also end as not sent) and, once the sink has them all, until
     * the last is settled. Asking the database every 50 ms was the busiest statement of the run and took its CPU
     * from the delivery being measured.
     */
    private static long[] awaitSettled(BenchStores stores, SmtpSink sink, String campaign, long messages)
            throws Exception {
        try (Connection c = stores.connect()) {
            long deadline = System.nanoTime() + MAX_DELIVERY.toNanos();
            long lastProgress = System.nanoTime();
            long lastCount = System.nanoTime();
            long lastSeen = -1;
            while (true) {
                boolean allArrived = sink.received() >= messages;
                if (!allArrived && System.nanoTime() - lastCount < Duration.ofSeconds(5).toNanos()) {
                    Thread.sleep(20);
                    continue;
                }
                long[] counts = settled(c, campaign);
                lastCount = System.nanoTime();
                long settled = counts[0] + counts[1];
                if (settled >= messages) {
                    return counts;
                }
                long seen = Math.max(settled, sink.received());
                if (seen != lastSeen) {
                    lastSeen = seen;
                    lastProgress = System.nanoTime();
                }
                if (System.nanoTime() > deadline || System.nanoTime() - lastProgress > MAX_STALL.toNanos()) {
                    throw new IllegalStateException("7b: " + settled + " of " + messages + " messages settled, then "
                            + "none for " + MAX_STALL.toSeconds() + " s or the run passed " + MAX_DELIVERY.toMinutes()
                            + " min; " + stuck(stores, campaign));
                }
                Thread.sleep(10);
            }
        }
    }

    /** How many messages of {@code campaign} are SENT, and how many settled otherwise. */
    private static long[] settled(Connection c, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER "
                + "(WHERE state = 'SENT'), count(*) FILTER (WHERE state IN ('UNKNOWN', 'SUPPRESSED', 'REJECTED', "
                + "'FAILED', 'CANCELLED', 'EXPIRED')) FROM " + CampaignScheduler.SCHEMA + ".message WHERE campaign = ?")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Where the unsettled messages are, and the last thing a worker noted, for the failure's message. */
    private static String stuck(BenchStores stores, String campaign) throws SQLException {
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("SELECT (SELECT string_agg("
                + "state || ' ' || n, ', ') FROM (SELECT state, count(*) AS n FROM " + CampaignScheduler.SCHEMA
                + ".message WHERE campaign = ? GROUP BY state) s), (SELECT st.step || ': ' || st.detail FROM "
                + CampaignScheduler.SCHEMA + ".message_step st JOIN " + CampaignScheduler.SCHEMA + ".message m ON "
                + "m.id = st.message_id WHERE m.campaign = ? ORDER BY st.id DESC LIMIT 1)")) {
            ps.setString(1, campaign);
            ps.setString(2, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "states: " + rs.getString(1) + "; last step: " + rs.getString(2);
            }
        }
    }

    private static String firstFailure(BenchStores stores, String campaign) throws SQLException {
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("SELECT state || ' ' || "
                + "coalesce(outcome, '') || ': ' || coalesce(outcome_detail, '') FROM " + CampaignScheduler.SCHEMA
                + ".message WHERE campaign = ? AND state <> 'SENT' ORDER BY id LIMIT 1")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * p50, p95 and p99, in ms, of the time from a worker taking a message up (the instant it records as the
     * hand-over) to the SMTP server's 250 (the instant it records as finished): the member lookup, the rendering,
     * the hand-over's transaction and the send; not the claim nor the final commit.
     */
    private static double[] handOverToSent(BenchStores stores, String campaign) throws SQLException {
        try (Connection c = stores.connect(); PreparedStatement ps = c.prepareStatement("SELECT percentile_cont(ARRAY[0.5, "
                + "0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - handed_at) * 1000) FROM "
                + CampaignScheduler.SCHEMA + ".message WHERE campaign = ? AND state = 'SENT'")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.sql.Array array = rs.getArray(1);
                if (array == null) {
                    return new double[] {Double.NaN, Double.NaN, Double.NaN};
                }
                Double[] values = (Double[]) array.getArray();
                return new double[] {values[0], values[1], values[2]};
            }
        }
    }

    /** The campaign's e-mail as the dispatcher renders it for a list member, for the ceiling to send. */
    private static Rendering.Rendered rendered(CampaignScheduler scheduler) {
        TemplateFacts facts = new TemplateFacts("Reader", 0, 0, null, null, 0, null, null, 0, null, null,
                Locale.ENGLISH, ZoneOffset.UTC).with(CauseFacts.NONE, null,
                URI.create("http://127.0.0.1:1/unsubscribe/u1." + "x".repeat(120)));
        return switch (new TemplateRenderer().render(scheduler.templates().template(TEMPLATE).orElseThrow(), facts)) {
            case Rendering.Rendered r -> r;
            case Rendering.Refused refused -> throw new IllegalStateException("the " + TEMPLATE + " template does not "
                    + "render: " + refused.problems());
        };
    }

    private static void requireClean(LoadRun.Result result) {
        if (result.failures() > 0) {
            throw new IllegalStateException(result.plan().name() + ": " + result.failures() + " failed, first: "
                    + result.firstFailure());
        }
    }
}
