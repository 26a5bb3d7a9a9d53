package io.punchcard.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a bench run does, from its command line.
 *
 * @param full       the full run (100,000 members, 1,000,000 purchases, 30 s per scenario) instead of the short one
 * @param fixtures   the shared fixtures folder (for the retail baskets)
 * @param out        where the Markdown report is written
 * @param dataDir    where embedded stores keep their data (emptied first)
 * @param dbUrl      an external PostgreSQL (any database on the server), or null for the embedded one
 * @param dbUser     its user
 * @param dbPassword its password
 * @param redisUrl   an external Redis (the database in it is emptied), or null for the embedded one
 * @param members    members to enrol
 * @param purchases  purchases of history to load before measuring
 * @param warmup     unmeasured load before each scenario
 * @param measure    measured load per scenario
 * @param terminals  tills in the mixed cashier day
 * @param only       the steps to measure (empty: all), for a profile of one of them
 * @param messages   marketing e-mails queued and delivered in scenario 7
 * @param campaignMembers members in the read model of scenario 8's campaign
 * @param campaignWorkers the scheduler's effect workers in scenario 8; 0 for its default
 * @param kpiPurchases purchases written straight into the tables for scenario 9's KPIs
 */
public record Options(boolean full, Path fixtures, Path out, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                      String redisUrl, int members, long purchases, Duration warmup, Duration measure, int terminals,
                      java.util.Set<String> only, int messages, int campaignMembers,
                      int campaignWorkers, long kpiPurchases) {

    /** The steps, in the order they run. */
    static final java.util.List<String> STEPS = java.util.List.of("http", "redis", "identify", "quote", "single", "db",
            "batch", "grants", "contention", "day", "webhooks", "messages", "campaigns", "kpis");

    /** True when step {@code name} is to be measured. */
    public boolean wants(String name) {
        return only.isEmpty() || only.contains(name);
    }

    static final String USAGE = """
            usage: scripts/bench [--short | --full] [--external | --db-url=URL --redis-url=URL] [options]
              --short              about 4 minutes: 5,000 members, 20,000 purchases, 5 s per scenario,
                                   10,000 e-mails, a campaign over 50,000 members (default)
              --full               100,000 members, 1,000,000 purchases, 30 s per scenario, 100,000 e-mails,
                                   a campaign over 1,000,000 members
              --external           use this machine's PostgreSQL (127.0.0.1:5432, user postgres) and Redis
                                   (127.0.0.1:6379, database 15) instead of embedded ones
              --db-url=URL         an external PostgreSQL, jdbc:postgresql://host:port/db; the bench creates
                                   and drops database punchcard_bench beside db
              --db-user=NAME       (default postgres)   --db-password=SECRET (default empty)
              --redis-url=URL      an external Redis, redis://host:port/db; that database is emptied
              --members=N  --purchases=N  --seconds=N  --warmup-seconds=N  --terminals=N  --messages=N
              --campaign-members=N members written into the core and the read model for scenario 8's campaign
              --campaign-workers=N the scheduler's campaigns.workers in scenario 8 (default: as shipped)
              --kpi-purchases=N    purchases written into the tables for scenario 9's KPIs (default 200,000;
                                   10,000,000 with --full)
              --fixtures=DIR       the shared fixtures folder (default ../shared/fixtures)
              --out=FILE           the report (default bench/target/bench-report.md)
              --data-dir=DIR       embedded stores' data (default bench/target/bench-data; emptied first)
              --only=a,b           measure only these steps (for profiling): http, redis, identify, quote,
                                   single, db, batch, grants, contention, day, webhooks, messages,
                                   campaigns, kpis""";

    /** The options {@code args} give; defaults for the rest. */
    static Options parse(String... args) {
        boolean full = false;
        for (String arg : args) {
            if (arg.equals("--full")) {
                full = true;
            }
        }
        Path fixtures = Path.of("..", "shared", "fixtures");
        Path out = Path.of("bench", "target", "bench-report.md");
        Path dataDir = Path.of("bench", "target", "bench-data");
        String dbUrl = null;
        String dbUser = "postgres";
        String dbPassword = "";
        String redisUrl = null;
        int members = full ? 100_000 : 5_000;
        long purchases = full ? 1_000_000 : 20_000;
        Duration warmup = Duration.ofSeconds(full ? 10 : 2);
        Duration measure = Duration.ofSeconds(full ? 30 : 5);
        int terminals = 8;
        int messages = full ? 100_000 : 10_000;
        int campaignMembers = full ? 1_000_000 : 50_000;
        int campaignWorkers = 0;
        long kpiPurchases = full ? 10_000_000 : 200_000;
        java.util.Set<String> only = new java.util.LinkedHashSet<>();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--full", "--short" -> { }
                case "--external" -> {
                    dbUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
                    redisUrl = "redis://127.0.0.1:6379/15";
                }
                case "--db-url" -> dbUrl = required(name, value);
                case "--db-user" -> dbUser = required(name, value);
                case "--db-password" -> dbPassword = value == null ? "" : value;
                case "--redis-url" -> redisUrl = required(name, value);
                case "--members" -> members = (int) number(name, value, 10, 9_999_999);
                case "--purchases" -> purchases = number(name, value, 0, 100_000_000);
                case "--seconds" -> measure = Duration.ofSeconds(number(name, value, 1, 3600));
                case "--warmup-seconds" -> warmup = Duration.ofSeconds(number(name, value, 0, 600));
                case "--terminals" -> terminals = (int) number(name, value, 1, 256);
                case "--messages" -> messages = (int) number(name, value, 10, 1_000_000);
                case "--campaign-members" -> campaignMembers = (int) number(name, value, 100, 5_000_000);
                case "--campaign-workers" -> campaignWorkers = (int) number(name, value, 1, 16);
                case "--kpi-purchases" -> kpiPurchases = number(name, value, 100, 100_000_000);
                case "--fixtures" -> fixtures = Path.of(required(name, value));
                case "--out" -> out = Path.of(required(name, value));
                case "--data-dir" -> dataDir = Path.of(required(name, value));
                case "--only" -> {
                    for (String step : required(name, value).split(",")) {
                        if (!STEPS.contains(step.trim())) {
                            throw new IllegalArgumentException("--only takes " + String.join(", ", STEPS) + "; not '"
                                    + step + "'");
                        }
                        only.add(step.trim());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if ((dbUrl == null) != (redisUrl == null)) {
            throw new IllegalArgumentException("give both --db-url and --redis-url (or --external), or neither");
        }
        return new Options(full, fixtures, out, dataDir, dbUrl, dbUser, dbPassword, redisUrl, members, purchases, warmup,
                measure, terminals, java.util.Set.copyOf(only), messages, campaignMembers,
                campaignWorkers, kpiPurchases);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value: " + name + "=…");
        }
        return value;
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(required(name, value).replace("_", "").replace(",", ""));
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** True when the stores are servers the caller named. */
    public boolean external() {
        return dbUrl != null;
    }
}
