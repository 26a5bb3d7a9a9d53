package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.sample.Baskets;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.MemberPage;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./punchcard --demo} against the app on embedded stores: what the loader sends is there to read through the
 * API. The size is {@code -Ddemo.it.members=N} (200 unless told), so the full 5,000 can be timed here too.
 */
class DemoHistoryIT {

    private static final int MEMBERS = Integer.getInteger("demo.it.members", 200);

    @TempDir
    Path folder;

    private static Path fixtures() {
        return SharedFixtures.path(Baskets.FILE).getParent().getParent();
    }

    private static PunchcardClient client(PunchcardApp app) {
        String admin = DemoStoreIT.find(String.join("\n", app.banner()), "Demo key\\s+(pk_\\S+)");
        return new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:" + app.port()), admin,
                Duration.ofSeconds(2), Duration.ofSeconds(60), 3, Duration.ofMillis(200)));
    }

    @Test
    void aYearOfMembersPurchasesRefundsTiersAndRewardsIsReadBack() {
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(Map.of("data.dir", folder.toString())))) {
            PunchcardClient client = client(app);
            DemoLoader loader = new DemoLoader(client);
            assertTrue(loader.coreIsEmpty());
            DemoHistory history = DemoHistory.generate(DemoHistory.SEED, MEMBERS,
                    Baskets.read(fixtures(), DemoHistory.BASKET_LINES), DemoLoader.stores(client.program()),
                    Instant.now());

            DemoLoader.Loaded loaded = loader.load(history);
            System.out.println(loaded.line());

            assertEquals(0, loaded.refused(), loaded.line());
            assertFalse(loader.coreIsEmpty());
            int members = 0;
            boolean aboveBase = false;
            String after = null;
            do {
                MemberPage page = client.members(Map.of(), after, 100);
                members += page.members().size();
                aboveBase |= page.members().stream().anyMatch(m -> !m.tier().equals("MEMBER"));
                after = page.next();
            } while (after != null);
            assertEquals(MEMBERS, members);
            assertTrue(aboveBase, "a member above the base tier");

            Set<YearMonth> months = new HashSet<>();
            after = null;
            long purchases = 0;
            do {
                PurchasePage page = client.purchases(Map.of(), after, 100);
                page.purchases().forEach(p -> months.add(YearMonth.from(p.occurredAt().atOffset(ZoneOffset.UTC))));
                purchases += page.purchases().size();
                after = page.next();
            } while (after != null);
            assertEquals(history.purchases().size(), purchases);
            assertTrue(months.size() >= 11, "months with purchases: " + months);

            Map<String, Integer> events = new HashMap<>();
            String position = null;
            EventPage page;
            do {
                page = client.events(position, 500);
                page.events().forEach(e -> events.merge(e.type(), 1, Integer::sum));
                position = page.next();
            } while (!page.events().isEmpty() && position != null);
            assertTrue(events.getOrDefault("purchase.refunded", 0) > 0, "refunds: " + events);
            assertTrue(events.getOrDefault("tier.changed", 0) > 0, "tier changes: " + events);
            assertTrue(events.getOrDefault("reward.bought", 0) > 0, "rewards: " + events);

            DemoHistory.Redemption redemption = history.redemptions().getFirst();
            UUID redeemer = client.summaryByCard(history.members().get(redemption.member()).card()).memberId();
            assertTrue(client.memberVouchers(redeemer).stream().anyMatch(v -> v.template().equals("FIVE-OFF")),
                    "the reward's voucher is in the member's wallet");
        }
    }

    @Test
    void theDemoFlagLoadsInTheBackgroundOnceAndTheNextStartSaysItSkips() throws Exception {
        Map<String, String> demo = Map.of("data.dir", folder.toString(), "demo.history", "true", "demo.members", "50",
                "demo.fixtures", fixtures().toString());
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(demo))) {
            String banner = String.join("\n", app.banner());
            assertTrue(banner.contains("loading a year of history (50 members)"), banner);
            PunchcardClient client = client(app);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client.purchases(Map.of(), null, 1).totals().count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(client.purchases(Map.of(), null, 1).totals().count() > 0, "purchases arrive in the background");
        }
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(demo))) {
            String banner = String.join("\n", app.banner());
            assertTrue(banner.contains("history not loaded: the core has members already"), banner);
        }
    }
}
