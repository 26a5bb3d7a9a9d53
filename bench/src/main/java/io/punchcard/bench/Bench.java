package io.punchcard.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.bench.cache.RedisGet;
import io.punchcard.api.sample.Baskets;
import io.punchcard.bench.data.Shoppers;
import io.punchcard.bench.http.Api;
import io.punchcard.bench.http.ConstantServer;
import io.punchcard.bench.load.LoadRun;
import io.punchcard.bench.report.Report;
import io.punchcard.bench.report.Row;
import io.punchcard.bench.http.BenchShop;
import io.punchcard.bench.store.BenchStores;
import io.punchcard.bench.store.Books;
import io.punchcard.bench.store.PurchaseSql;

/**
 * One bench run: fresh stores, the core on them, members and a purchase history loaded through the core's
 * own API, then each scenario and each ceiling measured in turn on the same servers, then the books checked.
 */
public final class Bench {

    /** Members and vouchers the contention scenario fights over. */
    private static final int CONTENDED = 5;
    private static final long CONTENDED_POINTS = 5_000;
    private static final long SPEND = 10;
    private static final int CONTENDED_VOUCHER_USES = 200;
    private static final int BATCH = 500;
    private static final int MAX_BASKET_LINES = 100;
    /** A campaign's grant goes to the core in batches of the most its routes take. */
    private static final int GRANTS = AdjustmentBatch.MAX_ITEMS;
    private static final String CAMPAIGN = "bench-campaign";

    private Bench() {
    }

    /**
     * @param report          what was measured
     * @param invariantsHold  false when the books did not balance after the load
     */
    public record Outcome(Report report, boolean invariantsHold) {
    }

    /** Runs the bench as {@code options} say, logging progress to {@code log}; writes the report file. */
    public static Outcome run(Options options, Consumer<String> log) throws Exception {
        Baskets baskets = Baskets.read(options.fixtures(), MAX_BASKET_LINES);
        Shoppers shoppers = new Shoppers(options.members(), baskets);
        Report report = new Report();
        setting(report, options, baskets);
        log.accept("bench: starting " + (options.external() ? "connections to the external stores" : "embedded stores")
                + " ...");
        try (BenchStores stores = options.external()
                ? BenchStores.external(options.dbUrl(), options.dbUser(), options.dbPassword(), options.redisUrl())
                : BenchStores.embedded(options.dataDir());
             Core core = Core.start(stores)) {
            stores.description().forEach(line -> report.setting("Stores: " + line));
            Api api = new Api(core.port(), core.token());
            Run run = new Run(options, shoppers, stores, core, api, report, log);
            run.load();
            run.scenarios();
            boolean hold = run.books();
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.writeString(options.out(), report.markdown());
            return new Outcome(report, hold);
        }
    }

    private static void setting(Report report, Options options, Baskets baskets) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        report.setting("Run " + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
                .withNano(0)) + "Z, " + (options.full() ? "full" : "short") + " mode; command: `scripts/bench"
                + (options.full() ? " --full" : "") + (options.external() ? " --external" : "") + "`");
        report.setting(String.format(Locale.ROOT, "Machine: %d cores, %.0f GiB, %s %s, Java %s (%s); load generator, "
                        + "core and ceilings share it, in one JVM, over loopback",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vendor")));
        report.setting(String.format(Locale.ROOT, "Data: %,d members; %,d purchases of history; baskets from %,d real "
                        + "invoices (%s), %.1f lines on average", options.members(), options.purchases(), baskets.size(),
                Baskets.FILE, baskets.meanLines()));
        report.setting("Each scenario: " + options.warmup().toSeconds() + " s warm-up, then " + options.measure()
                .toSeconds() + " s measured, closed loop; latency is per request");
    }

    /** The state of one run, shared by its steps. */
    private static final class Run {

        private final Options options;
        private final Shoppers shoppers;
        private final BenchStores stores;
        private final Core core;
        private final Api api;
        private final Report report;
        private final Consumer<String> log;
        private final List<String> failures = new ArrayList<>();
        private final AtomicLong singleSales = new AtomicLong();
        private final AtomicLong singlePoints = new AtomicLong();
        private final AtomicLong grantsMade = new AtomicLong();
        private final AtomicLong vouchersIssued = new AtomicLong();

        Run(Options options, Shoppers shoppers, BenchStores stores, Core core, Api api, Report report,
            Consumer<String> log) {
            this.options = options;
            this.shoppers = shoppers;
            this.stores = stores;
            this.core = core;
            this.api = api;
            this.report = report;
            this.log = log;
        }

        private LoadRun.Plan plan(String name, int concurrency) {
            return new LoadRun.Plan(name, concurrency, options.warmup(), options.measure(), Long.MAX_VALUE);
        }

        /** Members enrolled one request each, then the history in batches of 500, through the API. */
        void load() {
            log.accept("bench: enrolling " + options.members() + " members ...");
            LoadRun.Result enrolled = LoadRun.run(new LoadRun.Plan("enrol", 8, java.time.Duration.ZERO,
                    java.time.Duration.ofHours(2), options.members()), n -> {
                        api.post("/api/v1/members", Shoppers.enrolment((int) n)).expect(201);
                        return 1;
                    });
            requireClean(enrolled);
            log.accept(String.format(Locale.ROOT, "bench:   %,.0f enrolments/s", enrolled.throughput()));
            long batches = (options.purchases() + BATCH - 1) / BATCH;
            log.accept("bench: loading " + options.purchases() + " purchases in " + batches + " batches ...");
            Instant now = Instant.now();
            LoadRun.Result loaded = LoadRun.run(new LoadRun.Plan("history", 2, java.time.Duration.ZERO,
                    java.time.Duration.ofHours(2), batches), n -> {
                        SplittableRandom random = new SplittableRandom(n);
                        long first = n * BATCH;
                        List<RecordPurchase> sales = new ArrayList<>();
                        for (long i = first; i < Math.min(first + BATCH, options.purchases()); i++) {
                            sales.add(shoppers.historicSale(i, random, now));
                        }
                        return recorded(api.post("/api/v1/purchases/batch", new PurchaseBatch(sales)).expect(200));
                    });
            requireClean(loaded);
            log.accept(String.format(Locale.ROOT, "bench:   %,.0f purchases/s", loaded.throughput()));
            log.accept("bench: letting the maintenance jobs catch up with the history ...");
            core.settle();
            report.setting(String.format(Locale.ROOT, "Loading through the API: %,d enrolments at %,.0f/s (8 at once), "
                            + "%,d purchases at %,.0f/s (batches of %d, 2 at once)", enrolled.items(),
                    enrolled.throughput(), loaded.items(), loaded.throughput(), BATCH));
        }

        /** Records batch {@code n} of {@link #BATCH} online sales now, ids starting {@code prefix}; how many were. */
        private int webBatch(String prefix, long n) {
            SplittableRandom random = new SplittableRandom(n);
            List<RecordPurchase> sales = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                sales.add(shoppers.sale(Shoppers.web(), prefix + n + "-" + i, shoppers.member(random),
                        random.nextLong(shoppers.baskets().size()), Instant.now()));
            }
            return recorded(api.post("/api/v1/purchases/batch", new PurchaseBatch(sales)).expect(200));
        }

        private static int recorded(Api.Answer answer) {
            int count = 0;
            for (JsonNode item : answer.json().get("results")) {
                int status = item.get("status").asInt();
                if (status != 201 && status != 200) {
                    throw new IllegalStateException("a purchase of the batch was refused: " + item);
                }
                count++;
            }
            return count;
        }

        private void requireClean(LoadRun.Result result) {
            if (result.failures() > 0) {
                throw new IllegalStateException(result.plan().name() + ": " + result.failures() + " failed, first: "
                        + result.firstFailure());
            }
        }

        void scenarios() throws Exception {
            byte[] card = api.get("/api/v1/members/summary?card=" + Shoppers.card(0)).expect(200).body();
            LoadRun.Result http = null;
            LoadRun.Result database = null;
            LoadRun.Result identify = null;
            LoadRun.Result single = null;
            LoadRun.Result batched = null;
            if (options.wants("http")) {
                log.accept("bench: (a) HTTP ceiling ...");
                try (ConstantServer constant = new ConstantServer(card)) {
                    Api plain = new Api(constant.port(), null);
                    http = LoadRun.run(plan("(a) HTTP ceiling: constant JSON of a card's size", 8),
                            n -> plain.get("/constant").expect(200).body().length > 0 ? 1 : -1);
                }
                row(http, "requests", null, null, card.length + " bytes, Helidon with no filters, no JSON work");
            }
            if (options.wants("redis")) {
                log.accept("bench: (c) Redis ceiling ...");
                LoadRun.Result redis;
                try (RedisGet get = new RedisGet(stores.redisUrl(), card, 8)) {
                    redis = LoadRun.run(plan("(c) Redis ceiling: GET of a card", 8), n -> get.get());
                }
                row(redis, "GETs", null, null, null);
            }
            if (options.wants("identify")) {
                log.accept("bench: 1 identify ...");
                // Regulars come back: four scans in five are of the fifth of members who shop most.
                int regulars = Math.max(1, shoppers.members() / 5);
                identify = LoadRun.run(plan("1 identify: card or phone → member card", 8), n -> {
                    SplittableRandom random = new SplittableRandom(n);
                    int member = random.nextInt(5) < 4 ? random.nextInt(regulars) : random.nextInt(shoppers.members());
                    String query = n % 2 == 0 ? "card=" + Shoppers.card(member)
                            : "phone=" + Shoppers.phone(member).replace("+", "%2B");
                    api.get("/api/v1/members/summary?" + query).expect(200);
                    return 1;
                });
                row(identify, "requests", http, "(a)", String.format(Locale.ROOT, "4 in 5 scans are of the %,d "
                        + "regulars, the rest of anyone; a card not in Redis is read from PostgreSQL and cached",
                        regulars));
            }
            if (options.wants("quote")) {
                log.accept("bench: 3 quote ...");
                LoadRun.Result quote = LoadRun.run(plan("3 checkout quote", 8), n -> {
                    SplittableRandom random = new SplittableRandom(n);
                    api.post("/api/v1/checkout/quote", shoppers.quote(1 + (int) (n % 8), shoppers.member(random),
                            random.nextLong(shoppers.baskets().size()))).expect(200);
                    return 1;
                });
                row(quote, "requests", http, "(a)", null);
            }
            if (options.wants("single")) {
                log.accept("bench: 2a single purchases ...");
                single = LoadRun.run(plan("2a purchase, one per request", 8), n -> {
                    SplittableRandom random = new SplittableRandom(n);
                    RecordPurchase sale = shoppers.sale(Shoppers.till(1 + (int) (n % 8)), "live-" + n,
                            shoppers.member(random), random.nextLong(shoppers.baskets().size()), Instant.now());
                    JsonNode answer = api.post("/api/v1/purchases", sale).expect(201).json();
                    singleSales.incrementAndGet();
                    singlePoints.addAndGet(answer.get("pointsEarned").asLong());
                    return 1;
                });
            }
            if (options.wants("db")) {
                log.accept("bench: (b) database ceiling ...");
                try (PurchaseSql sql = new PurchaseSql(stores, Core.POOL_SIZE)) {
                    database = LoadRun.run(plan("(b) database ceiling: a purchase's SQL over JDBC", 8), n -> {
                        SplittableRandom random = new SplittableRandom(n);
                        long basket = random.nextLong(shoppers.baskets().size());
                        long total = shoppers.baskets().total(basket);
                        return sql.record(Shoppers.card(shoppers.member(random)), "T09", "ceiling-" + n, total,
                                total / 100);
                    });
                }
                row(database, "purchases", null, null, "one commit per purchase, pool of " + Core.POOL_SIZE);
            }
            if (single != null) {
                row(single, "purchases", database, "(b)", null);
            }
            if (options.wants("batch")) {
                log.accept("bench: 2b batched purchases ...");
                batched = LoadRun.run(plan("2b purchases, batches of " + BATCH, 2), n -> webBatch("batch-", n));
                row(batched, "purchases", null, null, "latency is per batch request" + (database == null ? ""
                        : String.format(Locale.ROOT, "; %.1f× the database ceiling (b), which commits every purchase "
                        + "on its own", batched.throughput() / database.throughput())));
            }
            if (options.wants("grants")) {
                grants(batched);
            }
            if (options.wants("contention")) {
                contention();
            }
            if (options.wants("day")) {
                cashierDay();
            }
            if (options.wants("webhooks")) {
                webhooks(http);
            }
            if (options.wants("messages")) {
                messages();
            }
            if (options.wants("campaigns")) {
                campaigns(batched);
            }
            if (options.wants("kpis")) {
                kpis();
            }
            targets(identify, http, single, database, batched);
        }

        /**
         * Scenarios 2c and 2d: a campaign's points and vouchers for a segment, through the batch routes the campaign
         * engine uses, each item for a member drawn at random, measured beside the batched purchases (2b).
         */
        private void grants(LoadRun.Result batched) throws Exception {
            log.accept("bench: 2c/2d campaign grants in batches ...");
            List<java.util.UUID> members = memberIds();
            String beside = batched == null ? "" : String.format(Locale.ROOT, "; batched purchases (2b) in the same run: "
                    + "%,.0f/s", batched.throughput());
            LoadRun.Result points = LoadRun.run(plan("2c campaign points, batches of " + GRANTS, 2), n -> {
                SplittableRandom random = new SplittableRandom(n);
                List<AdjustmentBatch.Adjustment> items = new ArrayList<>();
                for (int i = 0; i < GRANTS; i++) {
                    // Points up only: nothing in a bench run may leave a member owing points (see the books).
                    items.add(new AdjustmentBatch.Adjustment("grant-" + n + "-" + i,
                            members.get(random.nextInt(members.size())), 10L, "bench campaign", "bench", CAMPAIGN));
                }
                return made(api.post("/api/v1/adjustments/batch", new AdjustmentBatch(items)).expect(200), grantsMade);
            });
            row(points, "adjustments", null, null, "latency is per batch request" + beside);
            LoadRun.Result vouchers = LoadRun.run(plan("2d campaign vouchers, batches of " + VoucherBatch.MAX_ITEMS, 2),
                    n -> {
                        SplittableRandom random = new SplittableRandom(n);
                        List<VoucherBatch.Issue> items = new ArrayList<>();
                        for (int i = 0; i < VoucherBatch.MAX_ITEMS; i++) {
                            items.add(new VoucherBatch.Issue("grant-" + n + "-" + i,
                                    members.get(random.nextInt(members.size())), "TEN-PERCENT", "bench campaign", CAMPAIGN));
                        }
                        return made(api.post("/api/v1/vouchers/batch", new VoucherBatch(items)).expect(200),
                                vouchersIssued);
                    });
            row(vouchers, "vouchers", null, null, "latency is per batch request" + beside);
        }

        /** The items of a batch answer, all of which must be made now; counts them into {@code made}. */
        private static int made(Api.Answer answer, AtomicLong made) {
            int count = 0;
            for (JsonNode item : answer.json().get("results")) {
                if (item.get("status").asInt() != 201) {
                    throw new IllegalStateException("an item of the batch was not made: " + item);
                }
                count++;
            }
            made.addAndGet(count);
            return count;
        }

        /** The members enrolled, as the campaign engine's segment would name them. */
        private List<java.util.UUID> memberIds() throws java.sql.SQLException {
            List<java.util.UUID> ids = new ArrayList<>();
            try (java.sql.Connection c = stores.connect(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT id FROM member WHERE status = 'ACTIVE' ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, java.util.UUID.class));
                }
            }
            return ids;
        }

        /** Scenario 4: many terminals, five members' points and five vouchers' uses. */
        private void contention() {
            log.accept("bench: 4 contention ...");
            addBenchTemplate();
            List<String> members = new ArrayList<>();
            List<String> vouchers = new ArrayList<>();
            for (int i = 0; i < CONTENDED; i++) {
                String id = api.post("/api/v1/members", Shoppers.enrolment(9_000_000 + i)).expect(201).json()
                        .get("id").asText();
                api.post("/api/v1/members/" + id + "/adjustments", new AdjustPoints("bench-" + i, CONTENDED_POINTS,
                        "bench contention", "bench")).expect(201);
                members.add(id);
                vouchers.add(api.post("/api/v1/vouchers", new IssueVoucher("BENCH-SHARED", null, "bench contention",
                        null)).expect(201).json().get("code").asText());
            }
            AtomicLongArray spent = new AtomicLongArray(CONTENDED);
            AtomicLongArray used = new AtomicLongArray(CONTENDED);
            LoadRun.Result fight = LoadRun.run(new LoadRun.Plan("4 contention: 5 members' points and 5 vouchers, "
                    + "16 terminals", 16, java.time.Duration.ZERO, options.measure(), Long.MAX_VALUE), n -> {
                        int target = (int) ((n / 2) % CONTENDED);
                        if (n % 2 == 0) {
                            Api.Answer answer = api.post("/api/v1/members/" + members.get(target) + "/redemptions",
                                    new RedeemPoints("contend-" + n, SPEND, null)).expect(201, 409);
                            if (answer.status() == 201) {
                                spent.incrementAndGet(target);
                            }
                            return 1;
                        }
                        String sale = "contend-" + n;
                        Api.Answer held = api.post("/api/v1/vouchers/" + vouchers.get(target) + "/holds",
                                new HoldVoucher(sale, null, 30)).expect(201, 409);
                        if (held.status() == 201) {
                            api.post("/api/v1/vouchers/" + vouchers.get(target) + "/commit", Map.of("saleRef", sale))
                                    .expect(200);
                            used.incrementAndGet(target);
                        }
                        return 1;
                    });
            row(fight, "operations", null, null, "a redemption of " + SPEND + " points, or a voucher hold and commit; "
                    + "refusals (409) count as answered");
            for (int i = 0; i < CONTENDED; i++) {
                long balance = api.get("/api/v1/members/" + members.get(i) + "/summary").expect(200).json()
                        .get("availablePoints").asLong();
                long expected = CONTENDED_POINTS - SPEND * spent.get(i);
                check(balance == expected && balance >= 0, "contended member " + (i + 1) + ": " + spent.get(i)
                        + " redemptions accepted, balance " + balance + " (expected " + expected + ", never below 0)");
                long uses = api.get("/api/v1/vouchers/" + vouchers.get(i)).expect(200).json().get("uses").asLong();
                check(uses == used.get(i) && uses <= CONTENDED_VOUCHER_USES, "contended voucher " + (i + 1) + ": "
                        + used.get(i) + " commits accepted, " + uses + " uses recorded (limit " + CONTENDED_VOUCHER_USES
                        + ")");
            }
        }

        /** A voucher template of several uses, so that five vouchers can be fought over for a while. */
        private void addBenchTemplate() {
            ObjectNode program = (ObjectNode) api.get("/api/v1/program").expect(200).json().get("program");
            ArrayNode templates = (ArrayNode) program.get("voucherTemplates");
            ObjectNode shared = templates.addObject();
            shared.put("code", "BENCH-SHARED").put("name", "Bench: a voucher many tills use").put("kind", "AMOUNT_OFF")
                    .put("amountMinor", 100).put("validDays", 30).put("minSpendMinor", 0)
                    .put("usesPerVoucher", CONTENDED_VOUCHER_USES);
            api.put("/api/v1/program", program).expect(200);
        }

        /** Scenario 5: each terminal scans a card, quotes the basket and rings the sale up; the award must equal the quote. */
        private void cashierDay() {
            log.accept("bench: 5 cashier day ...");
            AtomicLong mismatches = new AtomicLong();
            LoadRun.Result day = LoadRun.run(plan("5 cashier day: identify, quote, sale; " + options.terminals()
                    + " terminals", options.terminals()), n -> {
                        SplittableRandom random = new SplittableRandom(n);
                        int member = shoppers.member(random);
                        long basket = random.nextLong(shoppers.baskets().size());
                        int terminal = 10 + (int) (n % options.terminals());
                        api.get("/api/v1/members/summary?card=" + Shoppers.card(member)).expect(200);
                        JsonNode quote = api.post("/api/v1/checkout/quote", shoppers.quote(terminal, member, basket))
                                .expect(200).json();
                        RecordPurchase sale = shoppers.sale(Shoppers.till(terminal), "day-" + n, member, basket,
                                Instant.now());
                        long discount = quote.get("tierDiscountMinor").asLong();
                        sale = new RecordPurchase(sale.source(), sale.externalId(), sale.member(), sale.occurredAt(),
                                sale.currency(), sale.lines(), discount, null, null, sale.totalMinor() - discount, null,
                                null);
                        JsonNode recorded = api.post("/api/v1/purchases", sale).expect(201).json();
                        if (recorded.get("pointsEarned").asLong() != quote.get("points").asLong()) {
                            mismatches.incrementAndGet();
                        }
                        return 1;
                    });
            row(day, "sales", null, null, "latency is per sale: three requests");
            check(mismatches.get() == 0, "cashier day: " + day.operations() + " sales, " + mismatches.get()
                    + " awarded other points than quoted");
        }

        /**
         * Scenario 6: a Shopify shop's orders/paid webhooks, signed, to the storefront connector; each is kept on disk
         * before its 200, and the core records it after, from the connector's outbox. The answer is what the
         * platform waits for (Shopify gives up after 5 s); the drain is how soon the points follow.
         */
        private void webhooks(LoadRun.Result http) throws Exception {
            log.accept("bench: 6 webhooks ...");
            java.nio.file.Path folder = Files.createTempDirectory("bench-shop");
            AtomicLong taken = new AtomicLong();
            try (BenchShop shop = BenchShop.start(folder, core.port(), core.connectorToken())) {
                shop.ready();
                Instant at = Instant.now();
                LoadRun.Result intake = LoadRun.run(plan("6 webhook intake: signed Shopify orders/paid → 200", 8), n -> {
                    SplittableRandom random = new SplittableRandom(n);
                    int member = shoppers.member(random);
                    byte[] order = BenchShop.order(5_000_000_000L + n, 7_000_000L + member, Shoppers.phone(member),
                            shoppers.baskets().basket(random.nextLong(shoppers.baskets().size())), at);
                    int status = shop.deliver("bench-" + n, order);
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                    taken.incrementAndGet();
                    return 1;
                });
                long ended = System.nanoTime();
                long waiting = shop.queue().pending();
                while (shop.queue().pending() > 0 && System.nanoTime() - ended < java.time.Duration.ofMinutes(10).toNanos()) {
                    Thread.sleep(50);
                }
                double drained = (System.nanoTime() - ended) / 1e9;
                row(intake, "webhooks", http, "(a)", String.format(Locale.ROOT, "each kept on disk (SQLite, fsync) "
                        + "before its 200; the core then recorded them from the outbox (buyers resolved one by one, "
                        + "purchases in batches of up to 200): %,d waiting at the end of the load were recorded %.1f s "
                        + "later", waiting, drained));
                long recorded = Books.number(stores, "SELECT count(*) FROM purchase WHERE source = '" + BenchShop.SOURCE
                        + "'");
                check(recorded == taken.get() && shop.queue().rejected() == 0 && shop.queue().pending() == 0,
                        "webhooks: " + taken.get() + " orders answered 200, " + recorded + " purchases recorded, "
                                + shop.queue().rejected() + " refused by the core, " + shop.queue().pending() + " still waiting");
                report.target(String.format(Locale.ROOT, "webhook answered p99 under 500 ms (Shopify waits 5 s): "
                        + "%.2f ms — %s", intake.latencyMillis(99), intake.latencyMillis(99) < 500 ? "met" : "missed"));
            } finally {
                try (var files = Files.walk(folder)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }

        /**
         * Scenario 7: a campaign's marketing e-mails queued with planAll and delivered by the scheduler's dispatcher
         * to an SMTP sink, against a plain Angus Mail loop to the same sink ({@link Mailing}).
         */
        private void messages() throws Exception {
            Mailing.Outcome mail = Mailing.run(options.messages(), options, stores, core, api, log);
            report.setting(String.format(Locale.ROOT, "Scenario 7: %,d e-mails to %,d members (%d each; frequency cap, "
                    + "quiet hours and rates off), enrolled with e-mail consent through the API at %,.0f/s",
                    options.messages(), mail.members(), Mailing.PER_MEMBER, mail.enrolled().throughput()));
            row(mail.queued(), "messages", null, null, "one transaction and one INSERT per list; latency is per list");
            row(mail.ceiling(), "messages", null, null, "the same rendered e-mail built as the scheduler builds it, "
                    + "one connection per worker of 7b, to the same sink; latency is per message");
            LoadRun.Result delivered = mail.delivered();
            report.row(new Row(delivered.plan().name(), delivered.plan().concurrency(), "messages",
                    delivered.throughput(), mail.deliveryMillis()[0], mail.deliveryMillis()[1], mail.deliveryMillis()[2],
                    delivered.failures(), "(d)", delivered.throughput() / mail.ceiling().throughput(),
                    String.format(Locale.ROOT, "%d workers as shipped, each over its own SMTP connection; from the "
                            + "dispatcher's start until every message was SENT (%.1f s); latency is per message, from "
                            + "a worker taking it up to the server's 250 (lookup, rendering, hand-over, send)%s", delivered.plan().concurrency(),
                            delivered.elapsed().toMillis() / 1000.0, delivered.firstFailure() == null ? ""
                                    : "; first not sent: " + delivered.firstFailure())));
            log.accept(String.format(Locale.ROOT, "bench:   7b: %,.0f messages/s, %,.0f/s ceiling",
                    delivered.throughput(), mail.ceiling().throughput()));
            mail.checks().forEach((what, holds) -> check(holds, what));
            report.target(String.format(Locale.ROOT, "queueing >= 10,000 messages/s: %,.0f/s — %s",
                    mail.queued().throughput(), mail.queued().throughput() >= 10_000 ? "met" : "missed"));
            double ratio = delivered.throughput() / mail.ceiling().throughput();
            report.target(String.format(Locale.ROOT, "delivery at >= 80%% of the plain Angus Mail loop to the same "
                    + "sink: %.0f%% — %s", ratio * 100, ratio >= 0.8 ? "met" : "missed"));
        }

        /**
         * Scenario 8: segments counted and a campaign carried out over a read model of {@code --campaign-members}
         * ({@link Campaigns}); its effects per second beside the batched purchases (2b) of the same run.
         */
        private void campaigns(LoadRun.Result batched) throws Exception {
            Campaigns.Outcome outcome = Campaigns.run(options.campaignMembers(), options.campaignWorkers(), stores, core, api, log);
            report.setting(String.format(Locale.ROOT, "Scenario 8: %,d members written straight into the core's member "
                    + "table and the scheduler's member_facts in %.1f s (SQL, chunks of 100,000; no enrolment events), "
                    + "%,d members in the read model in all", options.campaignMembers(),
                    outcome.loadMembers().toMillis() / 1000.0, outcome.audience()));
            row(outcome.realistic(), "counts", null, null, String.format(Locale.ROOT, "PgAudiences.count, %,d of %,d "
                    + "members matched; latency is per count, the first one cold; slowest %.1f ms",
                    outcome.matched(), outcome.audience(), outcome.realistic().latency().getMaxValue() / 1000.0));
            row(outcome.everyone(), "counts", null, null, String.format(Locale.ROOT, "PgAudiences.count, %,d members "
                    + "matched; slowest %.1f ms", outcome.audience(), outcome.everyone().latency().getMaxValue() / 1000.0));
            LoadRun.Result campaign = outcome.campaign();
            double seconds = campaign.elapsed().toMillis() / 1000.0;
            report.row(new Row(campaign.plan().name(), outcome.workers(), "effects", campaign.throughput(), Double.NaN,
                    Double.NaN, Double.NaN, campaign.failures(), batched == null ? null : "2b",
                    batched == null ? Double.NaN : campaign.throughput() / batched.throughput(),
                    String.format(Locale.ROOT, "the scheduler as shipped (%d effect worker%s, batches of %d, the core's "
                            + "batch routes over loopback, its feed followers reading the vouchers' events meanwhile): "
                            + "from the tick that planned it (%.1f s, one INSERT…SELECT) until the last of %,d effects "
                            + "was DONE, each a voucher issued in the core and an e-mail QUEUED: %.1f s%s",
                            outcome.workers(), outcome.workers() == 1 ? "" : "s", outcome.batch(), outcome.planning().toMillis() / 1000.0,
                            campaign.items(), seconds, batched == null ? "" : String.format(Locale.ROOT,
                                    "; batched purchases (2b) in the same run: %,.0f/s", batched.throughput()))));
            log.accept(String.format(Locale.ROOT, "bench:   8c: %,d effects in %.1f s, %,.0f/s", campaign.items(),
                    seconds, campaign.throughput()));
            outcome.checks().forEach((what, holds) -> check(holds, what));
            double slowest = Math.max(outcome.realistic().latency().getMaxValue(),
                    outcome.everyone().latency().getMaxValue()) / 1000.0;
            report.target(String.format(Locale.ROOT, "segment of %,d members counted in under 1 s: slowest of %d counts "
                    + "%.0f ms — %s", outcome.audience(), 2 * outcome.realistic().items(), slowest,
                    slowest < 1000 ? "met" : "missed"));
            report.target(String.format(Locale.ROOT, "campaign over %,d members (voucher and message for each treated "
                    + "one) in under 5 minutes: %.1f s — %s", outcome.audience(), seconds,
                    seconds < 300 ? "met" : "missed"));
        }

        /**
         * Scenario 9: the KPI dashboard over a long history written straight into the tables ({@link KpiBench}),
         * beside the same figures computed by scanning the tables in the same run.
         */
        private void kpis() throws Exception {
            KpiBench.Outcome outcome = KpiBench.run(options.kpiPurchases(), Math.max(2, options.purchases() / BATCH / 2),
                    n -> webBatch("kpi-live-", n), stores, core, api, log);
            report.setting(String.format(Locale.ROOT, "Scenario 9: %,d purchases of two years (a fifth anonymous), their "
                    + "members, lots and ledger entries written straight into the core's tables in %.1f s (SQL, chunks "
                    + "of 1,000,000; no events), then the KPI rollups rebuilt from the tables", options.kpiPurchases(),
                    outcome.load().toMillis() / 1000.0));
            LoadRun.Result rebuild = outcome.rebuild();
            double rebuildSeconds = rebuild.elapsed().toMillis() / 1000.0;
            report.row(new Row(rebuild.plan().name(), 1, "purchases", options.kpiPurchases() / rebuildSeconds,
                    rebuild.latencyMillis(50), Double.NaN, Double.NaN, rebuild.failures(), null, Double.NaN,
                    String.format(Locale.ROOT, "one REPEATABLE READ transaction of set-based statements: %.1f s for "
                            + "everything in the tables", rebuildSeconds)));
            row(outcome.scan(), "scans", null, null, "the dashboard's figures and series straight from purchase, member, "
                    + "points_entry and points_lot over JDBC; latency is per scan");
            row(outcome.dashboard(), "requests", outcome.scan(), "(9c)", "every figure, series and definition of "
                    + "12 months for every store, from the rollups, over HTTP; latency is per request");
            row(outcome.live(), "purchases", null, null, String.format(Locale.ROOT, "latency is per batch request; "
                    + "the KPIs counted every one of them %.1f s after the last answer (the follower takes pages of up "
                    + "to 5,000 events every second)", outcome.lag().toMillis() / 1000.0));
            outcome.checks().forEach((what, holds) -> check(holds, what));
            report.target(String.format(Locale.ROOT, "KPI dashboard over %,d purchases in under 1 s: p95 %.1f ms "
                    + "(scanning: p50 %.0f ms) — %s", options.kpiPurchases(), outcome.dashboard().latencyMillis(95),
                    outcome.scan().latencyMillis(50), outcome.dashboard().latencyMillis(95) < 1000 ? "met" : "missed"));
        }

        private void targets(LoadRun.Result identify, LoadRun.Result http, LoadRun.Result single,
                             LoadRun.Result database, LoadRun.Result batched) {
            if (identify != null && http != null) {
                double identifyRatio = identify.throughput() / http.throughput();
                report.target(String.format(Locale.ROOT, "identify at >= 50%% of the HTTP ceiling: %.0f%% — %s",
                        identifyRatio * 100, identifyRatio >= 0.5 ? "met" : "missed"));
            }
            if (identify != null) {
                report.target(String.format(Locale.ROOT, "identify p99 under 20 ms: %.2f ms — %s",
                        identify.latencyMillis(99), identify.latencyMillis(99) < 20 ? "met" : "missed"));
            }
            if (single != null && database != null) {
                double singleRatio = single.throughput() / database.throughput();
                report.target(String.format(Locale.ROOT, "single purchases at >= 60%% of the database ceiling: %.0f%% "
                        + "— %s", singleRatio * 100, singleRatio >= 0.6 ? "met" : "missed"));
            }
            if (batched != null) {
                report.target(String.format(Locale.ROOT, "batched recording >= 10,000 purchases/s: %,.0f/s — %s",
                        batched.throughput(), batched.throughput() >= 10_000 ? "met" : "missed"));
            }
        }

        /** The books after all the load: global invariants, and the single purchases all committed. */
        boolean books() throws Exception {
            log.accept("bench: checking the books ...");
            long committed = Books.number(stores, "SELECT count(*) FROM purchase WHERE external_id LIKE 'live-%'");
            long points = Books.number(stores, "SELECT coalesce(sum(points_earned), 0) FROM purchase "
                    + "WHERE external_id LIKE 'live-%'");
            check(committed == singleSales.get() && points == singlePoints.get(), "purchases answered 201 in scenario "
                    + "2a: " + singleSales.get() + " with " + singlePoints.get() + " points; committed: " + committed
                    + " with " + points + " points");
            if (options.wants("grants")) {
                long entries = Books.number(stores, "SELECT count(*) FROM points_entry WHERE campaign = '" + CAMPAIGN + "'");
                long issued = Books.number(stores, "SELECT count(*) FROM voucher WHERE campaign = '" + CAMPAIGN + "'");
                check(entries == grantsMade.get() && issued == vouchersIssued.get(), "items answered 201 in scenarios "
                        + "2c and 2d: " + grantsMade.get() + " adjustments, " + vouchersIssued.get() + " vouchers; "
                        + "stored with the campaign: " + entries + " ledger entries, " + issued + " vouchers");
            }
            List<String> broken = Books.check(stores);
            check(broken.isEmpty(), broken.isEmpty() ? "every member's ledger equals their lots less their debt; no "
                    + "member owes points; every voucher's uses are its committed uses, within its limit"
                    : String.join("; ", broken));
            report.invariant(failures.isEmpty() ? "All invariants hold." : "BROKEN: " + String.join("; ", failures));
            return failures.isEmpty();
        }

        private void check(boolean holds, String what) {
            report.invariant((holds ? "ok: " : "BROKEN: ") + what);
            if (!holds) {
                failures.add(what);
            }
        }

        private void row(LoadRun.Result result, String unit, LoadRun.Result ceiling, String ceilingName, String note) {
            String extra = result.failures() == 0 ? note
                    : (note == null ? "" : note + "; ") + "first failure: " + result.firstFailure();
            report.row(new Row(result.plan().name(), result.plan().concurrency(), unit, result.throughput(),
                    result.latencyMillis(50), result.latencyMillis(95), result.latencyMillis(99), result.failures(),
                    ceiling == null ? null : ceilingName, ceiling == null ? Double.NaN : result.throughput() / ceiling.throughput(),
                    extra));
            log.accept(String.format(Locale.ROOT, "bench:   %s: %,.0f %s/s, p99 %.2f ms, %d errors",
                    result.plan().name(), result.throughput(), unit, result.latencyMillis(99), result.failures()));
        }
    }
}
