package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.campaign.support.SlowSmtpSink;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Two schedulers, each its own JVM ({@link Main}, as a chain runs them), share one queue of e-mails; one is killed
 * with {@code kill -9} while its workers are in the middle of sends and hold claimed messages that have not gone
 * yet. What members would notice: a marketing e-mail never arrives twice, and only the few in flight at the kill
 * (at most one hand-over group per worker of the dead instance) are left UNKNOWN; everything the dead instance had
 * merely claimed is sent by the survivor; a transactional e-mail is never lost, and only those in flight (one per
 * worker) can come twice.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class TwoInstancesKillIT {

    private static final int MESSAGES = 2000;
    private static final int MEMBERS = 20;
    private static final int WORKERS = 4;
    private static final int BATCH = 10;
    /** Marketing messages marked SENDING in one commit; transactional ones go one at a time. */
    private static final int GROUP = 5;
    private static final int LEASE_SECONDS = 3;
    /** Each message's end of data waits this long for its 250, so sends overlap the kill as real ones would. */
    private static final Duration SMTP_DELAY = Duration.ofMillis(10);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(45);
    /** A process that ended by SIGKILL: 128 + 9. */
    private static final int KILLED_BY_SIGKILL = 137;
    private static final Set<String> UNSETTLED = Set.of("QUEUED", "CLAIMED", "SENDING");
    private static final Path LOGS = Path.of("target", "two-instances-kill");

    private static TestPostgres database;
    private static Postgres corePool;
    private static Postgres schedulerPool;
    private static WebServer coreServer;
    private static String connectorKey;
    private static PgMessages messages;
    private static SlowSmtpSink sink;
    private static final List<UUID> members = new ArrayList<>();
    private static final List<Process> processes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestPostgres postgres) throws IOException {
        database = postgres;
        Files.createDirectories(LOGS);
        sink = SlowSmtpSink.start(SMTP_DELAY, "A", "B");
        PostgresSettings db = new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 8);
        corePool = Postgres.open(db);
        LoyaltyService core = new LoyaltyService(corePool.dbClient(), null, Clock.systemUTC());
        coreServer = PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), List.of(core), List.of());
        String adminKey = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        connectorKey = core.apiKeys().create("scheduler", Scope.CONNECTOR, null).token();
        // Migrated here, before either instance starts, so the test can plan messages while they boot.
        schedulerPool = Postgres.openSchema(db.withPoolSize(4), CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        messages = new PgMessages(schedulerPool.dbClient());
        PunchcardClient admin = new PunchcardClient(PunchcardClient.Settings.of(coreUri(), adminKey));
        for (int i = 0; i < MEMBERS; i++) {
            members.add(admin.enroll(new EnrollMember("Member" + i, "Tester", null, "member-" + i + "@example.com",
                    null, null, null, "en", null, "KIOSK", null, null,
                    Map.of("email", new Consent(true, "tests", null)), null)).id());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        // Never leave a scheduler running after the tests, whatever failed.
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (sink != null) {
            sink.close();
        }
        if (coreServer != null) {
            coreServer.stop();
        }
        if (schedulerPool != null) {
            schedulerPool.close();
        }
        if (corePool != null) {
            corePool.close();
        }
    }

    @Test
    void aMarketingEmailNeverArrivesTwiceAndOnlyThoseInFlightAtTheKillAreUnknown() throws Exception {
        Run run = run("marketing", Purpose.MARKETING);

        assertKilledMidSendWhileBothSent(run, WORKERS * GROUP);
        run.arrivals().forEach((id, doors) -> assertEquals(1, doors.size(), id + " arrived more than once: " + doors));

        Map<String, Set<String>> byState = run.referencesByState();
        assertEquals(Set.of("SENT", "UNKNOWN"), byState.keySet(), "every message is SENT or UNKNOWN: " + run.summary());
        assertEquals(run.inFlightAtKill(), byState.get("UNKNOWN"),
                "exactly the messages in flight at the kill are UNKNOWN, and they are not sent again");
        assertEquals(MESSAGES - run.inFlightAtKill().size(), byState.get("SENT").size(), run.summary());
        for (String reference : byState.get("SENT")) {
            assertEquals(1, run.arrivalsOf(reference).size(), "SENT " + reference + " arrived exactly once");
        }
        assertClaimedOnesSentBySurvivor(run);
        System.out.println("TwoInstancesKillIT " + run.summary());
    }

    @Test
    void aTransactionalEmailIsNeverLostAndOnlyThoseInFlightAtTheKillCanComeTwice() throws Exception {
        Run run = run("transactional", Purpose.TRANSACTIONAL);

        assertKilledMidSendWhileBothSent(run, WORKERS);

        assertEquals(Set.of("SENT"), run.referencesByState().keySet(), "every message is SENT: " + run.summary());
        for (String reference : run.references()) {
            List<String> doors = run.arrivalsOf(reference);
            if (run.inFlightAtKill().contains(reference)) {
                assertTrue(doors.size() >= 1 && doors.size() <= 2, reference + " in flight arrived once or twice: "
                        + doors);
                assertEquals(1, doors.stream().filter("B"::equals).count(), reference + " was sent again by the "
                        + "survivor, once");
            } else {
                assertEquals(1, doors.size(), reference + " not in flight at the kill arrived exactly once: " + doors);
            }
        }
        assertClaimedOnesSentBySurvivor(run);
        System.out.println("TwoInstancesKillIT " + run.summary());
    }

    /**
     * The kill was a SIGKILL that landed while the dead instance was sending and held claimed messages, with no more
     * than {@code maxInFlight} handed over.
     */
    private static void assertKilledMidSendWhileBothSent(Run run, int maxInFlight) {
        assertEquals(KILLED_BY_SIGKILL, run.killedExit(), "destroyForcibly sent SIGKILL, not a polite SIGTERM");
        assertTrue(run.sentThroughA() > 0 && run.survivorSentBeforeKill() > 0, "both instances sent before the kill: "
                + run.summary());
        assertFalse(run.inFlightAtKill().isEmpty(), "the kill landed mid-send");
        assertTrue(run.inFlightAtKill().size() <= maxInFlight, "no more in flight than the dead instance's workers' "
                + "hand-over groups: " + run.inFlightAtKill());
        assertFalse(run.claimedAtKill().isEmpty(), "the dead instance held messages it had not handed over yet");
    }

    /** Nothing the dead instance had merely claimed is lost: the survivor sent each once. */
    private static void assertClaimedOnesSentBySurvivor(Run run) {
        for (String reference : run.claimedAtKill()) {
            assertEquals(List.of("B"), run.arrivalsOf(reference),
                    reference + ", claimed by the dead instance but not handed over, was sent by the survivor");
        }
    }

    // --- one run: two instances, a queue of e-mails, a kill -9 ------------------------------------------------

    /**
     * What a run left behind.
     *
     * @param states         each message's final state, by reference
     * @param arrivals       the doors each message came through (A: the killed instance, B: the survivor), by its
     *                       Message-ID's reference
     * @param inFlightAtKill what the killed instance had handed over (SENDING) when it died
     * @param claimedAtKill  what it had claimed but not handed over (CLAIMED)
     * @param survivorSentBeforeKill how many messages the survivor had sent when the other one died
     */
    private record Run(String name, int killedExit, Map<String, String> states, Map<String, List<String>> arrivals,
                       Set<String> inFlightAtKill, Set<String> claimedAtKill, long survivorSentBeforeKill) {

        Set<String> references() {
            return states.keySet();
        }

        List<String> arrivalsOf(String reference) {
            return arrivals.getOrDefault(reference, List.of());
        }

        Map<String, Set<String>> referencesByState() {
            return states.entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new,
                    Collectors.mapping(Map.Entry::getKey, Collectors.toCollection(TreeSet::new))));
        }

        long sentThroughA() {
            return arrivals.values().stream().flatMap(List::stream).filter("A"::equals).count();
        }

        long sentThroughB() {
            return arrivals.values().stream().flatMap(List::stream).filter("B"::equals).count();
        }

        String summary() {
            Map<String, Integer> counts = new TreeMap<>();
            states.values().forEach(state -> counts.merge(state, 1, Integer::sum));
            return name + ": " + states.size() + " messages " + counts + ", arrived through A (killed) "
                    + sentThroughA() + ", through B (survivor) " + sentThroughB() + " (" + survivorSentBeforeKill
                    + " before the kill); at the kill A had "
                    + inFlightAtKill.size() + " in flight (" + inFlightAtKill.stream().filter(r -> arrivalsOf(r).size() > 1)
                    .count() + " of them arrived twice) and " + claimedAtKill.size() + " claimed";
        }
    }

    private static Run run(String name, Purpose purpose) throws Exception {
        // The sink keeps what earlier runs sent.
        long throughABefore = sink.arrivedThrough("A");
        long throughBBefore = sink.arrivedThrough("B");
        Process a = scheduler(name + "-A", sink.port("A"));
        Process b = scheduler(name + "-B", sink.port("B"));
        try {
            Instant now = Instant.now();
            for (int i = 0; i < MESSAGES; i++) {
                messages.plan(new PlannedMessage(name + ":" + i, purpose, Channel.EMAIL, members.get(i % MEMBERS), null,
                        "welcome", CauseFacts.NONE, null, "two-instances-kill-test", now), now.plus(Duration.ofHours(1)),
                        now);
            }
            // Both share the work before one dies: A has sent a good part, B has sent too.
            Await.until(() -> alive(name, a, b) && sink.arrivedThrough("A") - throughABefore > MESSAGES / 5
                            && sink.arrivedThrough("B") - throughBBefore > 0,
                    RUN_TIMEOUT, name + ": both instances sending (logs in " + LOGS.toAbsolutePath() + ")");
            // Held replies pin A's workers mid-send, so the kill lands with messages handed over and unanswered.
            sink.freeze("A");
            Await.until(() -> sink.held("A") >= 1, Duration.ofSeconds(10), name + ": a send of A under way");
            long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (sink.held("A") < WORKERS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long survivorSentBeforeKill = sink.arrivedThrough("B") - throughBBefore;
            a.destroyForcibly();
            assertTrue(a.waitFor(10, TimeUnit.SECONDS), "A died");
            Map<String, String> leftByA = leasedBy(name, a.pid());
            sink.thaw("A");

            Await.until(() -> unsettled(name) == 0, RUN_TIMEOUT, name + ": every message final (logs in "
                    + LOGS.toAbsolutePath() + ")");
            Map<String, String> states = states(name);
            Map<String, List<String>> arrivals = new HashMap<>();
            for (SlowSmtpSink.Arrival arrival : sink.arrivals()) {
                String reference = arrival.messageId().replaceAll("^<([^@]*)@.*$", "$1");
                if (states.containsKey(reference)) {
                    arrivals.computeIfAbsent(reference, r -> new ArrayList<>()).add(arrival.door());
                }
            }
            return new Run(name, a.exitValue(), states, arrivals, withState(leftByA, "SENDING"),
                    withState(leftByA, "CLAIMED"), survivorSentBeforeKill);
        } finally {
            // A failed run must not leave the next one's door frozen.
            sink.thaw("A");
            stop(b);
            stop(a);
        }
    }

    private static boolean alive(String name, Process... instances) {
        for (Process process : instances) {
            if (!process.isAlive()) {
                throw new AssertionError(name + ": a scheduler ended with " + process.exitValue() + " (logs in "
                        + LOGS.toAbsolutePath() + ")");
            }
        }
        return true;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A scheduler as a chain runs it, configured as an operator would (system properties), on SMTP door {@code smtpPort}. */
    private static Process scheduler(String name, int smtpPort) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.host", "127.0.0.1");
        properties.put("db.url", database.jdbcUrl());
        properties.put("db.username", database.username());
        properties.put("db.password", database.password());
        properties.put("db.pool.size", "8");
        properties.put("scheduler.core-url", coreUri().toString());
        properties.put("scheduler.core-api-key", connectorKey);
        properties.put("messages.public-url", "http://127.0.0.1:1");
        properties.put("messages.workers-per-channel", Integer.toString(WORKERS));
        properties.put("messages.batch", Integer.toString(BATCH));
        properties.put("messages.hand-over-group", Integer.toString(GROUP));
        properties.put("messages.lease-seconds", Integer.toString(LEASE_SECONDS));
        properties.put("messages.idle-poll-millis", "50");
        properties.put("messages.core-retry-millis", "300");
        properties.put("messages.retry.first-millis", "200");
        properties.put("messages.retry.max-millis", "1000");
        properties.put("messages.welcome.enabled", "false");
        properties.put("messages.receipt.enabled", "false");
        properties.put("messages.rules.quiet-hours.start", "00:00");
        properties.put("messages.rules.quiet-hours.end", "00:00");
        properties.put("messages.rules.rate-per-second.email", "0");
        properties.put("messages.rules.rate-per-second.sms", "0");
        properties.put("messages.rules.frequency-cap.max-messages", "0");
        properties.put("messages.email.smtp.host", "127.0.0.1");
        properties.put("messages.email.smtp.port", Integer.toString(smtpPort));
        properties.put("messages.email.smtp.security", "NONE");
        properties.put("messages.email.smtp.from", "Punchcard <loyalty@shop.example>");
        // Short, so a send's worst case (the time a handed-over message stays its worker's, 17.5 s here) keeps the
        // run quick; still far above the sink's replies, and above the half second a send of A is held.
        properties.put("messages.email.smtp.connect-timeout-millis", "500");
        properties.put("messages.email.smtp.timeout-millis", "1500");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + ".log").toFile());
        // The environment outranks system properties in the configuration: a DB_URL of the machine must not
        // point an instance elsewhere.
        builder.environment().keySet().removeIf(key -> key.startsWith("DB_") || key.startsWith("SERVER_")
                || key.startsWith("SCHEDULER_") || key.startsWith("MESSAGES_"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static URI coreUri() {
        return URI.create("http://127.0.0.1:" + coreServer.port());
    }

    // --- the scheduler's table, read as an operator would ----------------------------------------------------

    private static Map<String, String> states(String name) throws SQLException {
        return query("SELECT reference, state FROM scheduler.message WHERE cause LIKE ?", name + ":%");
    }

    private static long unsettled(String name) {
        try {
            return states(name).values().stream().filter(UNSETTLED::contains).count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages leased by the process {@code pid} (its leases name it host/pid/…), with their states. */
    private static Map<String, String> leasedBy(String name, long pid) throws SQLException {
        return query("SELECT reference, state FROM scheduler.message WHERE cause LIKE ? AND lease_owner LIKE ?",
                name + ":%", "%/" + pid + "/%");
    }

    private static Set<String> withState(Map<String, String> states, String state) {
        return states.entrySet().stream().filter(e -> e.getValue().equals(state)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> query(String sql, String... values) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }
}
