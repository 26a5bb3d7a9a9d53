package io.punchcard.loyalty.voucher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.api.v1.VoucherBatchResult;
import io.punchcard.api.v1.VoucherView;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.loyalty.support.RoundTrips;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/vouchers/batch}: a campaign's offer to many members in one call, each voucher answered as the
 * single route answers it, issued once however often the batch is sent, at a cost that does not grow with it.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class VoucherBatchIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-03T09:00:00.123456789Z"));
    private static CoreUnderTest core;
    private static PunchcardClient scheduler;
    private static int cards;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, CLOCK);
        scheduler = core.client("scheduler", Scope.CONNECTOR);
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static UUID member() {
        return Fixtures.enroll(core, "VOUB%04d".formatted(++cards));
    }

    private static VoucherBatch.Issue issue(String id, UUID member, String template) {
        return new VoucherBatch.Issue(id, member, template, "spring offer", "spring-2025");
    }

    private static int vouchersOf(UUID member) {
        return core.get("/api/v1/members/" + member + "/vouchers").body().size();
    }

    private static List<Integer> statuses(VoucherBatchResult result) {
        return result.results().stream().map(VoucherBatchResult.Item::status).toList();
    }

    @Test
    void eachVoucherIsAnsweredOnItsOwnInOrderWithItsCodeAndValidity() {
        UUID member = member();
        UUID survivor = member();
        UUID mergedAway = member();
        assertEquals(200, core.post("/api/v1/members/" + survivor + "/merge", Map.of("duplicateId",
                mergedAway.toString(), "actor", "manager", "reason", "same person")).status());
        UUID erased = member();
        assertEquals(204, core.post("/api/v1/members/" + erased + "/erase", Map.of("actor", "dpo", "reason", "t")).status());

        VoucherBatchResult result = scheduler.issueVouchers(List.of(
                issue("mix-1", member, "FIVE-OFF"),
                issue("mix-2", member, "NO-SUCH-TEMPLATE"),
                issue("mix-3", UUID.randomUUID(), "FIVE-OFF"),
                issue("mix-4", erased, "FIVE-OFF"),
                issue("mix-5", mergedAway, "TEN-PERCENT"),
                issue("mix-6", null, "TEN-PERCENT"),
                new VoucherBatch.Issue("mix-7", member, "FIVE-OFF", "r", "a campaign?"),
                issue("mix-1", member, "FIVE-OFF")));

        assertEquals(List.of(201, 400, 400, 400, 201, 201, 400, 200), statuses(result));
        VoucherView five = result.results().getFirst().voucher();
        assertTrue(five.code().matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.") , five.code());
        assertEquals(member, five.memberId());
        assertEquals(Duration.ofDays(90), Duration.between(five.validFrom(), five.validUntil()));
        assertEquals("items[1].template", result.results().get(1).problem().field());
        assertEquals("items[2].memberId", result.results().get(2).problem().field());
        assertEquals("items[3].memberId", result.results().get(3).problem().field());
        assertEquals(survivor, result.results().get(4).voucher().memberId(), "a member merged away: the survivor's");
        assertEquals(null, result.results().get(5).voucher().memberId(), "a bearer voucher");
        assertEquals("items[6].campaign", result.results().get(6).problem().field());
        assertEquals(five, result.results().get(7).voucher(), "the same id again in the batch: the first voucher");
        assertEquals(five, scheduler.voucher(five.code()), "the voucher answered is the one stored");
        assertEquals(1, vouchersOf(member));
        assertEquals(1, vouchersOf(survivor));
    }

    @Test
    void aReplayedBatchGetsTheSameVouchersAsReplaysAndIssuesNothingAgain() {
        UUID a = member();
        UUID b = member();
        List<VoucherBatch.Issue> items = List.of(issue("again-1", a, "FIVE-OFF"), issue("again-2", b, "TEN-PERCENT"),
                issue("again-3", a, "DOUBLE-POINTS"), issue("again-4", a, "NOPE"));
        VoucherBatchResult first = scheduler.issueVouchers(items);

        CLOCK.advance(Duration.ofMinutes(5));
        VoucherBatchResult second = scheduler.issueVouchers(items);

        assertEquals(List.of(201, 201, 201, 400), statuses(first));
        assertEquals(List.of(200, 200, 200, 400), statuses(second));
        for (int i = 0; i < items.size(); i++) {
            assertEquals(first.results().get(i).voucher(), second.results().get(i).voucher(), "item " + i);
        }
        assertEquals(2, vouchersOf(a));
        assertEquals(1, vouchersOf(b));
    }

    @Test
    void theSingleRouteAndTheBatchShareIssueIdsSoAVoucherAskedForByBothIsIssuedOnce() {
        UUID member = member();
        VoucherView bySingle = scheduler.issueVoucher(new IssueVoucher("FIVE-OFF", member, "spring offer", "shared-1"));

        VoucherBatchResult batch = scheduler.issueVouchers(List.of(
                new VoucherBatch.Issue("shared-1", member, "FIVE-OFF", "spring offer", null),
                new VoucherBatch.Issue("shared-2", member, "TEN-PERCENT", "spring offer", null)));
        CoreUnderTest.Response singleAfterBatch = core.post("/api/v1/vouchers",
                new IssueVoucher("TEN-PERCENT", member, "spring offer", "shared-2"));

        assertEquals(List.of(200, 201), statuses(batch));
        assertEquals(bySingle, batch.results().getFirst().voucher());
        assertEquals(200, singleAfterBatch.status());
        assertEquals(batch.results().get(1).voucher(), singleAfterBatch.as(VoucherView.class));
        assertEquals(2, vouchersOf(member));
    }

    @Test
    void anIssueIdReusedForADifferentVoucherIsAConflictForThatItemAndOnTheSingleRoute() {
        UUID member = member();
        UUID other = member();
        scheduler.issueVouchers(List.of(issue("taken-1", member, "FIVE-OFF")));

        VoucherBatchResult result = scheduler.issueVouchers(List.of(
                issue("taken-1", member, "TEN-PERCENT"),
                issue("taken-1", other, "FIVE-OFF"),
                new VoucherBatch.Issue("taken-1", member, "FIVE-OFF", "spring offer", null),
                issue("taken-2", member, "TEN-PERCENT"),
                issue("taken-2", other, "TEN-PERCENT")));
        CoreUnderTest.Response single = core.post("/api/v1/vouchers",
                new IssueVoucher("TEN-PERCENT", member, "spring offer", "taken-1"));

        assertEquals(List.of(409, 409, 409, 201, 409), statuses(result));
        assertEquals("items[0].issueId", result.results().getFirst().problem().field());
        assertEquals(409, single.status());
        assertEquals("issueId", single.text("field"));
        assertEquals(2, vouchersOf(member));
        assertEquals(0, vouchersOf(other));
    }

    @Test
    void theSameBatchSentFromFourThreadsAtOnceIssuesEachVoucherOnce() throws Exception {
        List<VoucherBatch.Issue> items = new ArrayList<>();
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(member());
            // Bearer vouchers too: they lock no member, only their issue id.
            items.add(issue("race-" + i, i % 4 == 0 ? null : members.get(i), "TEN-PERCENT"));
        }
        List<VoucherBatchResult> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<VoucherBatchResult>> sent = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                sent.add(threads.submit(() -> scheduler.issueVouchers(items)));
            }
            for (Future<VoucherBatchResult> future : sent) {
                results.add(future.get());
            }
        }
        for (int i = 0; i < items.size(); i++) {
            Map<Integer, Integer> byStatus = new HashMap<>();
            HashSet<String> codes = new HashSet<>();
            for (VoucherBatchResult result : results) {
                byStatus.merge(result.results().get(i).status(), 1, Integer::sum);
                codes.add(result.results().get(i).voucher().code());
            }
            assertEquals(Map.of(201, 1, 200, 3), byStatus, "item " + i);
            assertEquals(1, codes.size(), "one voucher for item " + i);
            assertEquals(i % 4 == 0 ? 0 : 1, vouchersOf(members.get(i)));
        }
    }

    @Test
    void onlyAdminAndConnectorKeysMayIssueToManyMembers() {
        UUID member = member();
        Map<String, Object> body = Map.of("items", List.of(Map.of("issueId", "scope-1", "memberId", member.toString(),
                "template", "FIVE-OFF", "reason", "r")));

        assertEquals(403, core.as(Fixtures.apiKey(core, "STORE", "S001")).post("/api/v1/vouchers/batch", body).status());
        assertEquals(403, core.as(Fixtures.apiKey(core, "KIOSK", null)).post("/api/v1/vouchers/batch", body).status());
        assertEquals(0, vouchersOf(member));
        assertEquals(200, core.as(Fixtures.apiKey(core, "CONNECTOR", null)).post("/api/v1/vouchers/batch", body).status());
        assertEquals(1, vouchersOf(member));
    }

    @Test
    void aMalformedBatchIsA400NamingTheFieldAndIssuesNothing() {
        UUID member = member();
        String good = "{\"issueId\":\"bad-1\",\"memberId\":\"" + member + "\",\"template\":\"FIVE-OFF\",\"reason\":\"r\"}";
        StringBuilder tooMany = new StringBuilder("{\"items\":[");
        for (int i = 0; i <= VoucherBatch.MAX_ITEMS; i++) {
            tooMany.append(i == 0 ? "" : ",").append(good);
        }
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("[1,2", null);
        bad.put("{\"items\":null}", "items");
        bad.put("{\"items\":[]}", "items");
        bad.put(tooMany + "]}", "items");
        bad.put("{\"items\":[" + good + "," + good.replace("\"issueId\":\"bad-1\",", "") + "]}", "items[1].issueId");
        bad.put("{\"items\":[" + good.replace("\"template\":\"FIVE-OFF\"", "\"template\":\"\"") + "]}", "items[0].template");
        bad.put("{\"items\":[" + good.replace(member.toString(), "not-a-uuid") + "]}", "items[0].memberId");

        bad.forEach((body, field) -> {
            CoreUnderTest.Response response = core.post("/api/v1/vouchers/batch", body);
            assertEquals(400, response.status(), body.length() > 200 ? body.substring(0, 200) : body);
            if (field != null) {
                assertEquals(field, response.text("field"), response.body().toString());
            }
        });
        assertEquals(0, vouchersOf(member));
    }

    @Test
    void aThousandVouchersCostTheSameRoundTripsToPostgresqlAsOne() {
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            members.add(member());
        }
        scheduler.issueVouchers(List.of(issue("warm", members.getFirst(), "TEN-PERCENT")));
        List<VoucherBatch.Issue> thousand = new ArrayList<>();
        for (int i = 0; i < VoucherBatch.MAX_ITEMS; i++) {
            thousand.add(issue("k-" + i, members.get(i % members.size()), "TEN-PERCENT"));
        }

        int one = RoundTrips.of(() -> scheduler.issueVouchers(List.of(issue("one", members.get(1), "TEN-PERCENT"))));
        int many = RoundTrips.of(() -> assertNotNull(scheduler.issueVouchers(thousand).results().stream()
                .filter(item -> item.status() != 201).findAny().map(item -> null).orElse("all issued")));

        System.out.println("VoucherBatchIT: round trips to PostgreSQL for 1 voucher: " + one + ", for "
                + thousand.size() + ": " + many);
        assertTrue(one > 0, "the driver's log is read");
        assertTrue(many <= one + 1, one + " for one voucher, " + many + " for a thousand");
        assertEquals(6, vouchersOf(members.get(1)));
    }
}
