package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.sample.Baskets;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;

/**
 * {@code ./punchcard --demo}: sends a {@link DemoHistory} to a core with no members, through its own HTTP API, so
 * the console's charts have a year to show. Members are enrolled a few at a time, purchases go in batches of the
 * batch route's size, oldest first (so tiers rise as they would have), then refunds, then rewards.
 */
public final class DemoLoader {

    /** The batch route's limit. */
    private static final int BATCH = 500;
    /** Enrolments and refunds in flight at once: enough to hide the round trip, few enough for 2 cores. */
    private static final int PARALLEL = 4;

    private final PunchcardClient client;

    public DemoLoader(PunchcardClient client) {
        this.client = client;
    }

    /**
     * What a load sent, and how long it took.
     *
     * @param members     enrolled
     * @param purchases   recorded
     * @param refunds     recorded
     * @param rewards     bought with points
     * @param refused     requests the core refused (each logged)
     * @param took        from the first request to the last answer
     */
    public record Loaded(int members, int purchases, int refunds, int rewards, int refused, Duration took) {

        /** The log line a person reads. */
        public String line() {
            return String.format("Demo history loaded in %.1f s: %,d members, %,d purchases, %,d refunds, %,d rewards "
                    + "bought with points%s.", took.toMillis() / 1000.0, members, purchases, refunds, rewards,
                    refused == 0 ? "" : ", " + refused + " refused");
        }
    }

    /** True when the core has no active member: the only time a history is loaded. */
    public boolean coreIsEmpty() {
        return client.members(Map.of(), null, 1).members().isEmpty();
    }

    /** Sends {@code history}, waiting for each part before the next. */
    public Loaded load(DemoHistory history) {
        long start = System.nanoTime();
        int[] refused = {0};
        List<UUID> ids = parallel(history.members(), member -> {
            MemberView view = client.enroll(member.enrolment());
            return view.id();
        }, refused);
        int purchases = 0;
        List<RecordPurchase> all = history.purchases();
        for (int from = 0; from < all.size(); from += BATCH) {
            PurchaseBatchResult result = client.recordPurchases(all.subList(from, Math.min(all.size(), from + BATCH)));
            for (PurchaseBatchResult.Item item : result.results()) {
                if (item.status() == 200 || item.status() == 201) {
                    purchases++;
                } else {
                    refused[0]++;
                    System.err.println("Demo history: purchase " + all.get(from + item.index()).externalId()
                            + " refused: " + item.problem());
                }
            }
        }
        List<UUID> refunds = parallel(history.refunds(), (RecordRefund refund) -> client.recordRefund(refund)
                .refundId(), refused);
        List<UUID> rewards = parallel(history.redemptions(), redemption -> {
            UUID member = ids.get(redemption.member());
            return member == null ? null : client.buyReward(member, redemption.reward()).redemptionId();
        }, refused);
        return new Loaded(count(ids), purchases, count(refunds), count(rewards), refused[0],
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static int count(List<UUID> ids) {
        return (int) ids.stream().filter(java.util.Objects::nonNull).count();
    }

    /** Each item's answer in order, null where the core refused it (counted in {@code refused}). */
    private static <T> List<UUID> parallel(List<T> items, java.util.function.Function<T, UUID> send, int[] refused) {
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<UUID>> answers = new ArrayList<>(items.size());
            for (T item : items) {
                answers.add(pool.submit(() -> {
                    try {
                        return send.apply(item);
                    } catch (PunchcardException e) {
                        System.err.println("Demo history: refused (" + e.status() + "): " + e.getMessage());
                        synchronized (refused) {
                            refused[0]++;
                        }
                        return null;
                    }
                }));
            }
            List<UUID> ids = new ArrayList<>(items.size());
            for (Future<UUID> answer : answers) {
                ids.add(answer.get());
            }
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Demo history stopped", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Demo history failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * What the history needs of the program ({@code versioned}: the answer of {@code GET /api/v1/program}): WEB
     * (when there) for online sales, the other stores with tills, the currency, and the cheapest reward (the
     * default program's when it sells none, whose purchase is then refused and counted).
     */
    static DemoHistory.Stores stores(JsonNode versioned) {
        JsonNode program = versioned.path("program");
        List<String> inStore = new ArrayList<>();
        String online = null;
        for (JsonNode store : program.path("stores")) {
            String code = store.path("code").asText();
            if (code.equals("WEB")) {
                online = code;
            } else {
                inStore.add(code);
            }
        }
        if (inStore.isEmpty() && online != null) {
            inStore.add(online);
        }
        String reward = DemoHistory.Stores.DEFAULT.reward();
        long cheapest = Long.MAX_VALUE;
        for (JsonNode offer : program.path("rewards")) {
            if (offer.path("pointsPrice").asLong(Long.MAX_VALUE) < cheapest) {
                cheapest = offer.path("pointsPrice").asLong();
                reward = offer.path("code").asText();
            }
        }
        return new DemoHistory.Stores(inStore, online, program.path("currency").asText("EUR"), reward);
    }

    /**
     * Starts loading in the background when the core has no members, with an ADMIN key made for it (revoked
     * when done). The banner line it answers says which: loading, or skipped because members are there.
     */
    static String begin(Config config, LoyaltyService core, URI server, Lifecycle lifecycle) {
        Path fixtures = Path.of(config.get("demo.fixtures").asString().orElse("../shared/fixtures"));
        int size = config.get("demo.members").asInt().orElse(DemoHistory.MEMBERS);
        if (size < 1 || size > DemoHistory.MAX_MEMBERS) {
            throw new io.punchcard.platform.StartupException("demo.members (DEMO_MEMBERS) must be 1 to "
                    + DemoHistory.MAX_MEMBERS + ", not " + size);
        }
        if (!java.nio.file.Files.isDirectory(fixtures.resolve("retail"))) {
            throw new io.punchcard.platform.StartupException("the demo history is made from the retail baskets in "
                    + fixtures.toAbsolutePath().normalize().resolve("retail") + ", which is not there: set "
                    + "demo.fixtures (DEMO_FIXTURES) to the fixtures folder");
        }
        var key = core.apiKeys().create("demo-history", Scope.ADMIN, null);
        DemoLoader loader = new DemoLoader(new PunchcardClient(new PunchcardClient.Settings(
                server, key.token(), Duration.ofSeconds(2), Duration.ofSeconds(60), 3,
                Duration.ofMillis(200))));
        if (!loader.coreIsEmpty()) {
            core.apiKeys().revoke(key.key().id());
            return "Demo        history not loaded: the core has members already";
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Thread loading = Thread.ofPlatform().daemon().name("demo-history").unstarted(() -> {
            try {
                Baskets baskets = Baskets.read(fixtures, DemoHistory.BASKET_LINES);
                DemoHistory history = DemoHistory.generate(DemoHistory.SEED, size, baskets,
                        stores(loader.client.program()), Clock.systemUTC().instant());
                System.out.println(loader.load(history).line());
            } catch (RuntimeException e) {
                if (!stopping.get()) {
                    System.err.println("Demo history not loaded: " + e.getMessage());
                }
            } finally {
                if (!stopping.get()) {
                    core.apiKeys().revoke(key.key().id());
                }
            }
        });
        // Stopped before the pools: the key is revoked while the database is still there.
        lifecycle.add("demo history", () -> {
            stopping.set(true);
            loading.interrupt();
            loading.join(Duration.ofSeconds(5));
            core.apiKeys().revoke(key.key().id());
        });
        loading.start();
        return "Demo        loading a year of history (" + size + " members) in the background; a line says when done";
    }
}
