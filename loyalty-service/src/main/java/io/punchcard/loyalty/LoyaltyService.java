package io.punchcard.loyalty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import io.helidon.config.Config;

import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.loyalty.cache.RedisSummaryCache;
import io.punchcard.loyalty.access.Passwords;
import io.punchcard.loyalty.access.SessionPolicy;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.http.StaffService;
import io.punchcard.loyalty.store.PgStaff;
import io.punchcard.loyalty.store.PgMemberStores;
import io.punchcard.loyalty.http.AboutService;
import io.punchcard.loyalty.http.KioskService;
import io.punchcard.loyalty.store.PgSessions;
import io.punchcard.platform.StartupException;
import io.punchcard.loyalty.http.AdjustmentsService;
import io.punchcard.loyalty.http.IdentityService;
import io.punchcard.loyalty.member.CachedSummaries;
import io.punchcard.loyalty.member.Summaries;
import redis.clients.jedis.JedisPooled;
import io.punchcard.loyalty.http.ApiKeysService;
import io.punchcard.loyalty.http.Authentication;
import io.punchcard.loyalty.jobs.JobScheduler;
import io.punchcard.loyalty.jobs.KpiFollower;
import io.punchcard.loyalty.http.KpisService;
import io.punchcard.loyalty.store.PgKpis;
import io.punchcard.loyalty.jobs.Maintenance;
import io.punchcard.loyalty.kpi.KpiRollups;
import io.punchcard.loyalty.http.CheckoutService;
import io.punchcard.loyalty.http.RefundsService;
import io.punchcard.loyalty.http.VouchersService;
import io.punchcard.loyalty.http.EventsService;
import io.punchcard.loyalty.http.MembersService;
import io.punchcard.loyalty.http.ProgramService;
import io.punchcard.loyalty.http.PurchasesService;
import io.punchcard.loyalty.store.Jdbc;
import io.punchcard.loyalty.store.Outbox;
import io.punchcard.loyalty.store.PgEvents;
import io.punchcard.loyalty.store.PgIdentity;
import io.punchcard.loyalty.store.PgApiKeys;
import io.punchcard.loyalty.store.PgMaintenance;
import io.punchcard.loyalty.store.PgMembers;
import io.punchcard.loyalty.store.PgPoints;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.store.PgPrograms;
import io.punchcard.loyalty.store.PgPurchases;
import io.punchcard.loyalty.store.PgRefunds;
import io.punchcard.loyalty.store.PgRewards;
import io.punchcard.loyalty.store.PgVouchers;
import io.punchcard.loyalty.store.PgSummaries;
import io.punchcard.loyalty.store.PgPurchaseSearch;
import io.punchcard.loyalty.store.PgMemberSearch;
import io.punchcard.loyalty.store.ServerStarts;
import io.punchcard.platform.ServerModule;

/**
 * The loyalty core as a server module: it owns the loyalty schema (Flyway location {@link #MIGRATIONS}) and
 * serves {@code /api/v1}.
 */
public final class LoyaltyService implements ServerModule, AutoCloseable {

    /**
     * Thirty minutes idle, twelve hours at most: a manager's working day at the console, and a console left open
     * at lunch asks for the password again.
     */
    public static final SessionPolicy STAFF_SESSIONS = new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12),
            Duration.ofSeconds(15));

    /** Where the core's Flyway migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/migration/loyalty";

    private final ServerStarts starts;
    private final String version;
    private final Clock clock;
    private final PgPrograms programs;
    private final PgMembers members;
    private final PgPurchases purchases;
    private final PgPurchaseSearch purchaseSearch;
    private final PgMemberSearch memberSearch;
    private final PgMemberStores memberStores;
    private final PgPoints points;
    private final Summaries summaries;
    private final PgSummaries cards;
    private final PgEvents events;
    private final PgRefunds refunds;
    private final PgVouchers vouchers;
    private final PgRewards rewards;
    private final PgMaintenance maintenance;
    private final PgApiKeys apiKeys;
    private final PgSessions sessions;
    private SessionPolicy sessionPolicy = SessionPolicy.DEFAULT;
    private final PgStaff staff;
    private final Passwords passwords = new Passwords();
    private SessionPolicy staffSessionPolicy = STAFF_SESSIONS;
    private final IdentityService identityService;
    private final boolean seededFirstProgram;
    private JobScheduler scheduler;
    private KpiFollower kpiFollower;
    private final PgKpis kpis;
    private long pointValueMinor = 1;

    public LoyaltyService(DbClient db, Clock clock) {
        this(db, null, clock);
    }

    /**
     * The core over PostgreSQL, with member cards cached in {@code redis} (when not null).
     */
    public LoyaltyService(DbClient db, JedisPooled redis, Clock wallClock) {
        this(db, redis, wallClock, null);
    }

    /**
     * The core over PostgreSQL, with member cards cached in {@code redis} (when not null); a database with no
     * program yet starts with {@code firstProgram} (valid; null for the default program).
     */
    public LoyaltyService(DbClient db, JedisPooled redis, Clock wallClock, Program firstProgram) {
        this.version = version();
        // PostgreSQL keeps microseconds and rounds the rest: points available "now" written from a nanosecond
        // clock could read back a nanosecond in the future, and an answer's time differ from its stored copy.
        Clock clock = Clock.tick(wallClock, java.time.Duration.ofNanos(1000));
        this.clock = clock;
        this.starts = new ServerStarts(db, clock);
        Jdbc jdbc = new Jdbc(db);
        Outbox outbox = new Outbox();
        this.programs = new PgPrograms(jdbc, clock);
        this.members = new PgMembers(jdbc, programs, clock, outbox);

        this.points = new PgPoints(jdbc, programs, clock, outbox);
        this.vouchers = new PgVouchers(jdbc, programs, clock, outbox);
        this.purchases = new PgPurchases(jdbc, programs, vouchers, clock, outbox);
        this.purchaseSearch = new PgPurchaseSearch(jdbc);
        this.memberSearch = new PgMemberSearch(jdbc);
        this.rewards = new PgRewards(jdbc, programs, vouchers, clock, outbox);
        PgSummaries computed = new PgSummaries(jdbc, programs, clock);
        // A batch of cards reads PostgreSQL, never the cache (PgSummaries#cards says why).
        this.cards = computed;
        if (redis == null) {
            this.summaries = computed;
        } else {
            RedisSummaryCache cache = new RedisSummaryCache(redis, clock);
            jdbc.afterCommit(cache::invalidate);
            this.summaries = new CachedSummaries(computed, cache, clock);
        }
        this.events = new PgEvents(jdbc);
        this.refunds = new PgRefunds(jdbc, programs, clock, outbox);
        this.maintenance = new PgMaintenance(jdbc, programs, clock, outbox);
        this.apiKeys = new PgApiKeys(jdbc, clock);
        this.sessions = new PgSessions(jdbc);
        this.staff = new PgStaff(jdbc, clock);
        this.kpis = new PgKpis(jdbc, programs, clock);
        this.memberStores = new PgMemberStores(jdbc);
        this.identityService = new IdentityService(new PgIdentity(jdbc, members, programs, clock, outbox), programs,
                memberStores, staff, clock);
        // A new installation starts with a program, so it is usable at once.
        this.seededFirstProgram = programs.seed(firstProgram == null ? PgPrograms.defaultProgram() : firstProgram,
                firstProgram == null ? "seed" : "program file")
                && firstProgram != null;
    }

    /** Starts the maintenance jobs on this instance (they coordinate with other instances in the database). */
    public synchronized void startJobs() {
        if (scheduler == null) {
            scheduler = new JobScheduler(maintenance);
        }
        if (kpiFollower == null) {
            kpiFollower = new KpiFollower(kpis);
        }
    }

    /** The program in force and its versions. */
    public Programs programs() {
        return programs;
    }

    /** Whether this start saved the first program it was given (the database had none). */
    public boolean seededFirstProgram() {
        return seededFirstProgram;
    }

    /** The API keys: created by the admin endpoint, the CLI, or the demo key of the zero-configuration run. */
    public PgApiKeys apiKeys() {
        return apiKeys;
    }

    /**
     * How long kiosk sessions live, from {@code kiosk.sessions} of {@code config} ({@code idle-seconds}, default
     * 600; {@code max-seconds}, default 1800), and staff sessions, from {@code staff.sessions} (default 1800 and
     * 43200); call before the server starts.
     */
    public synchronized void configureKioskSessions(Config config) {
        sessionPolicy = sessionPolicy(config, "kiosk.sessions", SessionPolicy.DEFAULT);
        staffSessionPolicy = sessionPolicy(config, "staff.sessions", STAFF_SESSIONS);
        pointValueMinor = config.get("kpis.point-value-minor").asLong().orElse(1L);
        if (pointValueMinor < 0) {
            throw new StartupException("kpis.point-value-minor: the value of a point in minor units must be 0 or more");
        }
    }

    private static SessionPolicy sessionPolicy(Config config, String key, SessionPolicy defaults) {
        Config sessions = config.get(key);
        try {
            return new SessionPolicy(
                    Duration.ofSeconds(sessions.get("idle-seconds").asLong().orElse(defaults.idle().toSeconds())),
                    Duration.ofSeconds(sessions.get("max-seconds").asLong().orElse(defaults.absolute().toSeconds())),
                    defaults.touchEvery());
        } catch (IllegalArgumentException e) {
            throw new StartupException(key + ": idle-seconds must be more than "
                    + defaults.touchEvery().toSeconds() + " and at most max-seconds (" + e.getMessage() + ")");
        }
    }

    /** The staff accounts, for the command line's first admin and for tests. */
    public StaffAccounts staffAccounts() {
        return new StaffAccounts(staff, passwords, staffSessionPolicy, clock);
    }

    /** The KPI rollups, for tests and the bench that follow or rebuild them by hand. */
    public KpiRollups kpis() {
        return kpis;
    }

    /** The jobs, for tests that run them by hand under a controlled clock. */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** Stops the maintenance jobs. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        if (kpiFollower != null) {
            kpiFollower.close();
            kpiFollower = null;
        }
    }

    /** Records this start in the database; call once the server is serving. */
    public void recordStart() {
        starts.record(version, hostName());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public String name() {
        return "loyalty-service";
    }

    @Override
    public synchronized void routing(HttpRouting.Builder routing) {
        StaffAccounts staffAccounts = staffAccounts();
        routing.addFilter(new Authentication(apiKeys, sessions, sessionPolicy, staffAccounts, memberStores,
                        clock))
                .register("/api/v1", new AboutService(starts, staffAccounts, version))
                .register("/api/v1/admin/api-keys", new ApiKeysService(apiKeys, programs))
                .register("/api/v1/program", new ProgramService(programs))
                .register("/api/v1/members", identityService.members())
                .register("/api/v1/duplicates", identityService.duplicates())
                .register("/api/v1/members", new MembersService(members, memberSearch, summaries, cards, points,
                        vouchers, rewards, programs, memberStores, clock))
                .register("/api/v1/vouchers", new VouchersService(vouchers, programs, memberStores, clock))
                .register("/api/v1/adjustments", new AdjustmentsService(points))
                .register("/api/v1/purchases", new PurchasesService(purchases, purchaseSearch, programs, clock))
                .register("/api/v1/refunds", new RefundsService(refunds))
                .register("/api/v1/checkout", new CheckoutService(members, points, vouchers, programs, clock))
                .register("/api/v1/events", new EventsService(events))
                .register("/api/v1/kpis", new KpisService(kpis, programs, clock, pointValueMinor))
                .register("/api/v1/kiosk", new KioskService(sessions, sessionPolicy, apiKeys, members, programs, clock))
                .register("/api/v1/staff", new StaffService(staffAccounts, staff, programs, clock));
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    public static String version() {
        String version = LoyaltyService.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
