package io.punchcard.loyalty.kpi;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.Kpis;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KPIs of GET /api/v1/kpis, recorded through the API, taken in by the running follower and checked against
 * figures this test adds up itself; a rebuild from the tables gives the same answer. Each test uses its own stores.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class KpisIT {

    private static final ZoneId PROGRAM_ZONE = ZoneId.of("Europe/Berlin");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CoreUnderTest core;
    private static PunchcardClient admin;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
        // The follower as it runs in production: every second, on its own thread.
        core.service().startJobs();
        admin = core.client("kpi admin", Scope.ADMIN);
        for (String store : List.of("K01", "K02", "K03", "K04", "K05", "K07")) {
            CoreUnderTest.Response added = core.put("/api/v1/program/stores/" + store, Map.of("name", "Store " + store,
                    "timezone", "Europe/Berlin"));
            assertTrue(added.status() == 200 || added.status() == 201, added.body().toString());
        }
    }

    @AfterAll
    static void stop() {
        core.service().close();
        core.close();
    }

    private static String thisMonth() {
        return YearMonth.now(PROGRAM_ZONE).toString();
    }

    private static UUID enroll(String store, String card) {
        CoreUnderTest.Response joined = core.post("/api/v1/members", new EnrollMember("Kim", "Park", null, null, card,
                null, null, "en", null, "POS", store, null, Map.of("email", new Consent(true, "pos-signup", null)),
                null));
        assertEquals(201, joined.status(), joined.body().toString());
        return UUID.fromString(joined.text("id"));
    }

    private static PurchaseRecorded sale(String store, String saleId, String card, long amountMinor) {
        return admin.recordPurchase(new RecordPurchase(new PurchaseSource("POS", store, "T1", null), saleId,
                card == null ? null : MemberRef.card(card), Instant.now().minusSeconds(60), "EUR",
                List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, amountMinor, 0L)), null, null, null,
                amountMinor, null, null));
    }

    /** The KPIs of {@code store} this month, once the follower has taken in what {@code ready} waits for. */
    private static Kpis awaitKpis(String store, Predicate<Kpis> ready) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Kpis kpis = admin.kpis(store, thisMonth(), thisMonth());
        while (!ready.test(kpis)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the KPIs never caught up: " + kpis.figures());
            }
            Thread.sleep(100);
            kpis = admin.kpis(store, thisMonth(), thisMonth());
        }
        return kpis;
    }

    private static double value(Kpis kpis, String key) {
        Double value = kpis.figure(key).orElseThrow(() -> new AssertionError("no figure " + key)).value();
        if (value == null) {
            throw new AssertionError(key + " is undefined");
        }
        return value;
    }

    private static Predicate<Kpis> purchasesAre(long purchases) {
        return kpis -> value(kpis, "purchases") == purchases;
    }

    @Test
    void theFiguresAreThoseOfTheSalesRefundsAndRedemptionsRecorded() throws Exception {
        UUID ana = enroll("K01", "KPI-ANA");
        enroll("K01", "KPI-BEN");
        enroll("K01", "KPI-CAL");
        PurchaseRecorded a1 = sale("K01", "k01-a1", "KPI-ANA", 4_000);
        PurchaseRecorded a2 = sale("K01", "k01-a2", "KPI-ANA", 2_500);
        PurchaseRecorded b1 = sale("K01", "k01-b1", "KPI-BEN", 1_200);
        sale("K01", "k01-n1", null, 3_000);
        sale("K01", "k01-n2", null, 900);
        RefundRecorded refund = admin.recordRefund(new RecordRefund(new PurchaseSource("POS", "K01", "T1", null),
                "k01-r1", null, new PurchaseSource("POS", "K01", "T1", null), "k01-a1", null, 1_000L, Instant.now(),
                null));
        admin.redeem(ana, new RedeemPoints("k01-spend", 10L, null));
        long issued = a1.pointsEarned() + a2.pointsEarned() + b1.pointsEarned();

        Kpis kpis = awaitKpis("K01", k -> value(k, "purchases") == 5 && value(k, "pointsRedeemed") == 10
                && value(k, "pointsReversed") == refund.pointsReversed());

        long memberSales = 4_000 + 2_500 + 1_200 - refund.eligibleMinor();
        long allSales = memberSales + 3_000 + 900;
        assertEquals("K01", kpis.store());
        assertEquals(3, value(kpis, "members"));
        assertEquals(3, value(kpis, "newMembers"));
        assertEquals(2, value(kpis, "activeMembers"), "Ana and Ben bought; Cal did not");
        assertEquals(0.5, value(kpis, "repurchaseRate"), 1e-9, "Ana twice, Ben once");
        assertEquals(1.5, value(kpis, "visitFrequency"), 1e-9);
        assertEquals(allSales, value(kpis, "salesMinor"), "the refund's eligible amount comes off");
        assertEquals((4_000 + 2_500 + 1_200) / 3.0, value(kpis, "atvMembersMinor"), 1e-9);
        assertEquals((3_000 + 900) / 2.0, value(kpis, "atvNonMembersMinor"), 1e-9);
        assertEquals((double) memberSales / allSales, value(kpis, "memberSalesShare"), 1e-9);
        assertEquals(issued, value(kpis, "pointsIssued"));
        assertEquals(10.0 / issued, value(kpis, "redemptionRate"), 1e-9);
        assertEquals(issued - 10 - refund.pointsReversed(), value(kpis, "liabilityPoints"));
        assertEquals(issued - 10 - refund.pointsReversed(),
                kpis.expiring().stream().mapToLong(Kpis.Expiring::points).sum(), "what expires when adds up to it");
        assertEquals(List.of(new Kpis.TierCount("MEMBER", 3)), kpis.tiers());
        assertEquals(3, kpis.newMembersByWeek().stream().filter(w -> w.channel().equals("POS"))
                .mapToLong(Kpis.NewMembers::members).sum());
        assertEquals(List.of(new Kpis.Cohort(thisMonth(), 3, List.of(2L))), kpis.cohorts());
        Kpis.Month month = kpis.months().getFirst();
        assertEquals(List.of(3L, 2L, 1L, 3L, 3L, 2L, memberSales, 3_900L), List.of(month.newMembers(),
                month.activeMembers(), month.repeaters(), month.visits(), month.memberPurchases(),
                month.anonymousPurchases(), month.memberSalesMinor(), month.anonymousSalesMinor()));
        assertTrue(kpis.figures().stream().allMatch(f -> f.definition() != null && f.definition().length() > 20),
                "every figure is defined");

        admin.rebuildKpis();
        Kpis rebuilt = admin.kpis("K01", thisMonth(), thisMonth());

        assertEquals(kpis.figures(), rebuilt.figures());
        assertEquals(kpis.months(), rebuilt.months());
        assertEquals(kpis.cohorts(), rebuilt.cohorts());
        assertEquals(kpis.expiring(), rebuilt.expiring());
        assertEquals(kpis.newMembersByWeek(), rebuilt.newMembersByWeek());
    }

    @Test
    void saleAfterARebuildCountsOnceAndEveryStoreAddsUpTheStores() throws Exception {
        enroll("K02", "KPI-DAN");
        enroll("K03", "KPI-EVA");
        sale("K02", "k02-1", "KPI-DAN", 1_000);
        awaitKpis("K02", purchasesAre(1));
        admin.rebuildKpis();
        sale("K02", "k02-2", "KPI-DAN", 1_000);
        sale("K03", "k03-1", "KPI-EVA", 2_000);

        // The follower takes transactions in order: once K03's later sale is in, K02's is too.
        Kpis k03 = awaitKpis("K03", purchasesAre(1));
        Kpis k02 = admin.kpis("K02", thisMonth(), thisMonth());
        Kpis all = admin.kpis(null, thisMonth(), thisMonth());

        assertEquals(2, value(k02, "purchases"), "the sale the rebuild saw is not taken in again");
        assertEquals(1, value(k02, "activeMembers"));
        assertEquals(1.0, value(k02, "repurchaseRate"), 1e-9, "Dan bought twice");
        assertTrue(value(all, "purchases") >= value(k02, "purchases") + value(k03, "purchases"));
        assertEquals(null, all.store());
    }

    @Test
    void twoFollowersAtOnceCountEachSaleOnce() throws Exception {
        enroll("K04", "KPI-FAY");
        for (int i = 0; i < 20; i++) {
            sale("K04", "k04-" + i, i % 2 == 0 ? "KPI-FAY" : null, 500);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> followers = List.of(() -> core.service().kpis().follow(),
                    () -> core.service().kpis().follow());
            List<Future<Integer>> done = new ArrayList<>(threads.invokeAll(followers));
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }

        Kpis kpis = awaitKpis("K04", purchasesAre(20));

        assertEquals(10, kpis.months().getFirst().visits());
        assertEquals(20 * 500, value(kpis, "salesMinor"));
    }

    @Test
    void aStoreKeyReadsItsOwnStoreAndIsRefusedAnother() throws Exception {
        CoreUnderTest store = core.as(Fixtures.apiKey(core, "STORE", "K05"));

        CoreUnderTest.Response own = store.get("/api/v1/kpis");
        CoreUnderTest.Response other = store.get("/api/v1/kpis?store=K01");
        CoreUnderTest.Response rebuild = store.post("/api/v1/kpis/rebuild", Map.of());
        CoreUnderTest.Response badMonth = core.get("/api/v1/kpis?from=2026-13");
        CoreUnderTest.Response backwards = core.get("/api/v1/kpis?from=2026-05&to=2026-04");

        assertEquals(200, own.status(), own.body().toString());
        assertEquals("K05", own.text("store"));
        assertEquals(12, own.body().get("months").size(), "the last twelve months by default");
        assertEquals(403, other.status());
        assertEquals("store", other.text("field"));
        assertEquals(403, rebuild.status(), "rebuilding is an admin's");
        assertEquals(400, badMonth.status());
        assertEquals("from", badMonth.body().path("errors").path(0).path("field").asText(), badMonth.body().toString());
        assertEquals(400, backwards.status());
    }

    @Test
    void aStoreManagerReadsTheirStoreAndIsRefusedAnother() {
        // Made as the command line makes accounts, with no password to change first: each hash costs a second.
        assertTrue(core.service().staffAccounts().create(Actor.CLI, new StaffAccounts.NewAccount(
                "kpi-manager@example.com", "Mo", StaffRole.STORE_MANAGER, List.of("K07"), "the manager's own phrase"),
                false) instanceof StaffAccounts.Done);
        PunchcardClient console = new PunchcardClient(PunchcardClient.Settings.of(URI.create(core.baseUri()),
                Fixtures.apiKey(core, "CONSOLE", null)));
        PunchcardClient manager = console.inStaffSession(console.openStaffSession("kpi-manager@example.com",
                "the manager's own phrase").token());

        Kpis own = manager.kpis(null, "2026-01", "2026-02");
        PunchcardException other = assertThrows(PunchcardException.class,
                () -> manager.kpis("K01", "2026-01", "2026-02"));

        assertEquals("K07", own.store());
        assertEquals(403, other.status());
        assertEquals("store", other.problem().field());
    }

    @Test
    void aTableExportsAsCsv() throws Exception {
        HttpResponse<String> months = HTTP.send(HttpRequest.newBuilder(URI.create(core.baseUri()
                        + "/api/v1/kpis/export?table=months&store=K06&from=2026-01&to=2026-03"))
                .header("Authorization", "Bearer " + core.token()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(core.baseUri()
                        + "/api/v1/kpis/export?table=secrets"))
                .header("Authorization", "Bearer " + core.token()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, months.statusCode());
        assertTrue(months.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(List.of("month,newMembers,activeMembers,repeaters,visits,memberPurchases,anonymousPurchases,"
                        + "memberSalesMinor,anonymousSalesMinor,pointsIssued,pointsRedeemed,pointsExpired",
                "2026-01,0,0,0,0,0,0,0,0,0,0,0", "2026-02,0,0,0,0,0,0,0,0,0,0,0", "2026-03,0,0,0,0,0,0,0,0,0,0,0"),
                months.body().lines().toList());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
}
