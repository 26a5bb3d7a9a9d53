package io.punchcard.loyalty.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AuditPage;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.ProgramVersion;
import io.punchcard.api.v1.ProgramVersions;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.StaffCli;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager console's limits and its audit, as the console meets them: a manager of store S001 sees and changes
 * S001's members only — those who joined there, prefer it or bought there — on every route; what staff change is
 * in the audit with the person, the key and the values before and after; the program's versions say who changed
 * what.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StaffScopeAndAuditIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private static final String BOSS_PASSWORD = "the first admin's long phrase";
    private static final String OWN_PASSWORD = "my own secret phrase";

    private static CoreUnderTest admin;
    private static CoreUnderTest console;
    private static CoreUnderTest boss;
    private static CoreUnderTest manager;
    private static UUID managerId;
    private static UUID bossId;
    /** Joined at S001. */
    private static UUID ours;
    /** Joined online (WEB), then bought at S001. */
    private static UUID shopper;
    /** Joined online, never in S001. */
    private static UUID theirs;

    @BeforeAll
    static void start(TestPostgres postgres) {
        admin = CoreUnderTest.start(postgres, CLOCK);
        console = admin.as(Fixtures.apiKey(admin, "CONSOLE", null));
        StaffCli.run(new String[] {"create-admin", "boss@example.com", "Bo Boss"}, admin.service().staffAccounts(),
                () -> BOSS_PASSWORD, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode opened = login("boss@example.com", BOSS_PASSWORD);
        bossId = UUID.fromString(opened.path("staff").path("id").asText());
        boss = console.inStaffSession(opened.path("token").asText());
        manager = staff("manager@example.com", "Mia Manager", "STORE_MANAGER", List.of("S001"));
        managerId = UUID.fromString(manager.get("/api/v1/staff/me").text("id"));

        ours = enroll("SCOPE0001", "+49 170 5550101", "ours@example.com", "POS", "S001");
        shopper = enroll("SCOPE0002", null, null, "ONLINE", "WEB");
        theirs = enroll("SCOPE0003", "+49 170 5550103", "theirs@example.com", "ONLINE", "WEB");
        CoreUnderTest.Response sale = admin.post("/api/v1/purchases", Fixtures.sale("scope-sale-1", "SCOPE0002", 2000,
                CLOCK.instant().minusSeconds(60)));
        assertEquals(201, sale.status(), sale.body().toString());
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static UUID enroll(String card, String phone, String email, String channel, String store) {
        CoreUnderTest.Response joined = admin.post("/api/v1/members", new EnrollMember("Ana", "Silva", phone, email,
                card, null, null, null, null, channel, store, null, null, null));
        assertEquals(201, joined.status(), joined.body().toString());
        return UUID.fromString(joined.text("id"));
    }

    private static JsonNode login(String email, String password) {
        CoreUnderTest.Response opened = console.post("/api/v1/staff/sessions", Map.of("email", email,
                "password", password));
        assertEquals(201, opened.status(), opened.body().toString());
        return opened.body();
    }

    /** An account created by the boss, logged in, with its own password set. */
    private static CoreUnderTest staff(String email, String name, String role, List<String> stores) {
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "name", name, "role", role,
                "password", "an admin's first pick"));
        if (!stores.isEmpty()) {
            body.put("stores", stores);
        }
        CoreUnderTest.Response created = boss.post("/api/v1/staff", body);
        assertEquals(201, created.status(), created.body().toString());
        CoreUnderTest session = console.inStaffSession(login(email, "an admin's first pick").path("token").asText());
        assertEquals(200, session.post("/api/v1/staff/me/password", Map.of("current", "an admin's first pick",
                "new", OWN_PASSWORD)).status());
        return session;
    }

    private static void assertOtherStores(CoreUnderTest.Response refused, String field, String route) {
        assertEquals(403, refused.status(), route + ": " + refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type").split(";")[0], route);
        assertEquals("other-stores-member", refused.text("type").replaceAll(".*/", ""), route);
        assertEquals(field, refused.text("field"), route);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    @Test
    void aStoreManagerIsRefusedAnotherStoresMemberOnEveryRoute() {
        String m = "/api/v1/members/" + theirs;
        Map<String, CoreUnderTest.Response> byPath = new java.util.LinkedHashMap<>();
        byPath.put("GET member", manager.get(m));
        byPath.put("GET summary", manager.get(m + "/summary"));
        byPath.put("GET vouchers", manager.get(m + "/vouchers"));
        byPath.put("GET ledger", manager.get(m + "/ledger"));
        byPath.put("GET timeline", manager.get(m + "/timeline"));
        byPath.put("PATCH", manager.patch(m, Map.of("givenName", "Mallory")));
        byPath.put("adjust", manager.post(m + "/adjustments", Map.of("adjustmentId", "x-1", "points", 10,
                "reason", "goodwill", "actor", "mia")));
        byPath.put("redeem", manager.post(m + "/redemptions", Map.of("redemptionId", "r-1", "points", 1)));
        byPath.put("reward", manager.post(m + "/rewards", Map.of("reward", "FIVE-OFF-500", "redemptionId", "w-1")));
        byPath.put("merge as survivor", manager.post(m + "/merge", Map.of("duplicateId", ours.toString(),
                "actor", "mia", "reason", "same person")));
        byPath.forEach((route, refused) -> assertOtherStores(refused, "id", route));

        assertOtherStores(manager.post("/api/v1/members/" + ours + "/merge", Map.of("duplicateId", theirs.toString(),
                "actor", "mia", "reason", "same person")), "duplicateId", "merge as duplicate");
        assertOtherStores(manager.post("/api/v1/vouchers", Map.of("template", "FIVE-OFF", "memberId",
                theirs.toString(), "reason", "sorry", "issueId", "v-1")), "memberId", "issue a voucher");
        assertOtherStores(manager.get("/api/v1/members?card=SCOPE0003"), "card", "look up by card");
        assertOtherStores(manager.get("/api/v1/members?phone=%2B491705550103"), "phone", "look up by phone");
        assertOtherStores(manager.get("/api/v1/members/summary?card=SCOPE0003"), "card", "the till's scan");

        // Nothing was changed by the refused writes.
        assertEquals("Ana", admin.get(m).text("givenName"));
        assertEquals(0, admin.get(m + "/ledger").body().size());
        // The same routes for their own members answer.
        assertEquals(200, manager.get("/api/v1/members/" + ours).status());
        assertEquals(200, manager.get("/api/v1/members/" + shopper + "/timeline").status());
        assertEquals(200, manager.get("/api/v1/members?card=SCOPE0002").status());
        assertEquals(200, manager.get("/api/v1/members/summary?card=SCOPE0001").status());
    }

    @Test
    void aStoreManagersListingsHoldTheirStoresMembersAndPurchasesOnly() {
        List<String> listed = ids(manager.get("/api/v1/members?limit=200").body().path("members"));
        assertTrue(listed.contains(ours.toString()), "joined at S001: " + listed);
        assertTrue(listed.contains(shopper.toString()), "bought at S001: " + listed);
        assertFalse(listed.contains(theirs.toString()), "never in S001: " + listed);
        assertTrue(ids(admin.get("/api/v1/members?limit=200").body().path("members")).contains(theirs.toString()));
        CoreUnderTest.Response elsewhere = manager.get("/api/v1/members?store=WEB");
        assertEquals(403, elsewhere.status(), elsewhere.body().toString());
        assertEquals("store", elsewhere.text("field"));

        JsonNode purchases = manager.get("/api/v1/purchases?limit=200").body().path("purchases");
        assertTrue(purchases.size() >= 1, purchases.toString());
        purchases.forEach(p -> assertEquals("S001", p.path("store").asText(), p.toString()));

        // Two suspected pairs: one of S001's members both, one with an online-only member.
        UUID email = enroll("SCOPE0011", null, "pair@example.com", "POS", "S001");
        UUID phone = enroll("SCOPE0012", "+49 170 5550112", null, "POS", "S001");
        UUID online = enroll("SCOPE0013", "+49 170 5550113", null, "ONLINE", "WEB");
        assertEquals("AMBIGUOUS", admin.post("/api/v1/members/resolve", Map.of("externalId", "shop:1",
                "email", "pair@example.com", "phone", "+49 170 5550112", "joinStore", "WEB")).text("outcome"));
        assertEquals("AMBIGUOUS", admin.post("/api/v1/members/resolve", Map.of("externalId", "shop:2",
                "email", "pair@example.com", "phone", "+49 170 5550113", "joinStore", "WEB")).text("outcome"));
        String all = admin.get("/api/v1/duplicates").body().toString();
        assertTrue(all.contains(online.toString()), all);
        String mine = manager.get("/api/v1/duplicates").body().toString();
        assertTrue(mine.contains(email.toString()) && mine.contains(phone.toString()), mine);
        assertFalse(mine.contains(online.toString()), "a pair with another store's member: " + mine);
    }

    @Test
    void aManagerOfTwoStoresListsBothStoresPurchasesOrOneOfThem() {
        UUID webShopper = enroll("SCOPE0061", null, null, "ONLINE", "WEB");
        CoreUnderTest.Response online = admin.post("/api/v1/purchases", new RecordPurchase(
                new PurchaseSource("ONLINE", "WEB", null, "shopify:acme.myshopify.com"),
                "web-order-1", MemberRef.card("SCOPE0061"), CLOCK.instant().minusSeconds(30),
                "EUR", List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, 1500L,
                0L)), null, null, null, 1500L, null, null));
        assertEquals(201, online.status(), online.body().toString());
        CoreUnderTest both = staff("two@example.com", "Tess Two", "STORE_MANAGER", List.of("S001", "WEB"));
        List<String> stores = new ArrayList<>();
        both.get("/api/v1/purchases?limit=200").body().path("purchases").forEach(p -> stores.add(p.path("store")
                .asText()));
        assertTrue(stores.contains("S001") && stores.contains("WEB"), stores.toString());
        assertEquals(List.of("WEB"), storesOf(both.get("/api/v1/purchases?store=WEB&limit=200")));
        assertEquals(List.of("S001"), storesOf(manager.get("/api/v1/purchases?limit=200")), "one store's manager");
        // The online shopper is WEB's: the two-store manager's, not the S001 manager's.
        assertEquals(200, both.get("/api/v1/members/" + webShopper).status());
        assertOtherStores(manager.get("/api/v1/members/" + webShopper), "id", "a WEB member");
    }

    @Test
    void aCashierIsLimitedOnlyWhenTheAccountHasStores() {
        CoreUnderTest shopCashier = staff("till@example.com", "Tim Till", "CASHIER", List.of("S001"));
        CoreUnderTest helpDesk = staff("desk@example.com", "Dee Desk", "CASHIER", List.of());
        assertOtherStores(shopCashier.get("/api/v1/members/" + theirs), "id", "cashier with stores");
        assertOtherStores(shopCashier.get("/api/v1/members?card=SCOPE0003"), "card", "cashier's lookup");
        assertEquals(200, shopCashier.get("/api/v1/members/" + ours + "/summary").status());
        assertEquals(200, helpDesk.get("/api/v1/members/" + theirs).status());
        assertEquals(200, helpDesk.get("/api/v1/members?card=SCOPE0003").status());
        // A cashier changes nothing, in their stores or not.
        assertEquals(403, shopCashier.patch("/api/v1/members/" + ours, Map.of("givenName", "X")).status());
    }

    @Test
    void aManagersAdjustmentIsAuditedWithTheBalanceBeforeAndAfterAndWhoMadeIt() {
        UUID member = enroll("SCOPE0021", null, null, "POS", "S001");
        CoreUnderTest.Response first = manager.post("/api/v1/members/" + member + "/adjustments", Map.of(
                "adjustmentId", "goodwill-1", "points", 120, "reason", "broken zip", "actor", "mia"));
        assertEquals(201, first.status(), first.body().toString());
        assertEquals(201, manager.post("/api/v1/members/" + member + "/adjustments", Map.of(
                "adjustmentId", "goodwill-2", "points", -20, "reason", "typo", "actor", "mia")).status());
        // A retry makes nothing, so it records nothing.
        assertEquals(200, manager.post("/api/v1/members/" + member + "/adjustments", Map.of(
                "adjustmentId", "goodwill-2", "points", -20, "reason", "typo", "actor", "mia")).status());

        PunchcardClient client = admin.client("audit reader", Scope.ADMIN);
        List<AuditPage.Entry> entries = client.audit(AuditPage.Filter.of("member:" + member)).entries();
        assertEquals(2, entries.size(), entries.toString());
        AuditPage.Entry latest = entries.getFirst();
        assertEquals("member.adjust", latest.action());
        assertEquals(managerId, latest.actorStaffId());
        assertEquals("Mia Manager", latest.actorName());
        assertEquals("manager@example.com", latest.actorEmail());
        assertEquals(console.token().split("_")[1], latest.actorKeyId(), "the console's key");
        assertEquals(120, latest.before().path("balance").asLong());
        assertEquals(100, latest.after().path("balance").asLong());
        assertEquals(-20, latest.after().path("points").asLong());
        assertEquals("typo", latest.after().path("reason").asText());
        assertEquals(0, entries.get(1).before().path("balance").asLong());

        // The console's member page asks by target and resource; another resource's entries are not in it.
        JsonNode memberPage = boss.get("/api/v1/staff/audit?target=member%3A" + member + "&action=member.*").body();
        assertEquals(2, memberPage.path("entries").size(), memberPage.toString());
        assertEquals(0, boss.get("/api/v1/staff/audit?target=member%3A" + member + "&action=program.*").body()
                .path("entries").size());
        assertEquals(403, manager.get("/api/v1/staff/audit?target=member%3A" + member).status(), "ADMIN's only");
    }

    @Test
    void aManagersRedemptionsAndVoucherAreAuditedButATillsTenderIsNot() {
        UUID member = enroll("SCOPE0051", null, null, "POS", "S001");
        String m = "/api/v1/members/" + member;
        assertEquals(201, admin.post(m + "/adjustments", Map.of("adjustmentId", "start", "points", 1000,
                "reason", "start", "actor", "ops")).status());
        assertEquals(201, admin.post(m + "/redemptions", Map.of("redemptionId", "till-1", "points", 10)).status());
        assertEquals(201, manager.post(m + "/redemptions", Map.of("redemptionId", "desk-1", "points", 40)).status());
        assertEquals(201, manager.post(m + "/rewards", Map.of("reward", "FIVE-OFF-500", "redemptionId", "desk-2"))
                .status());
        CoreUnderTest.Response issued = manager.post("/api/v1/vouchers", Map.of("template", "FIVE-OFF", "memberId",
                member.toString(), "reason", "sorry for the wait", "issueId", "desk-3"));
        assertEquals(201, issued.status(), issued.body().toString());

        JsonNode entries = boss.get("/api/v1/staff/audit?target=member%3A" + member).body().path("entries");
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.path("action").asText() + " by "
                + (e.hasNonNull("actorStaffId") ? e.path("actorStaffId").asText() : "a key")));
        assertEquals(List.of("voucher.issue by " + managerId, "member.redeem by " + managerId,
                "member.redeem by " + managerId, "member.adjust by a key"), actions, entries.toString());
        JsonNode reward = entries.get(1);
        assertEquals(950, reward.path("before").path("balance").asLong());
        assertEquals(450, reward.path("after").path("balance").asLong());
        assertEquals("FIVE-OFF-500", reward.path("after").path("reward").asText());
        JsonNode tender = entries.get(2);
        assertEquals(990, tender.path("before").path("balance").asLong(), "after the till's tender, not audited");
        assertEquals(950, tender.path("after").path("balance").asLong());
        assertFalse(tender.path("after").has("reference"), "no reference sent, none recorded: " + tender);
        assertEquals(issued.text("code"), entries.get(0).path("after").path("code").asText());
        assertEquals("sorry for the wait", entries.get(0).path("after").path("reason").asText());
    }

    @Test
    void keysActingAloneAreAuditedByKeyAndABatchOnceNotPerMember() {
        UUID one = enroll("SCOPE0031", null, null, "POS", "S001");
        UUID two = enroll("SCOPE0032", null, null, "POS", "S001");
        assertEquals(201, admin.post("/api/v1/members/" + one + "/adjustments", Map.of("adjustmentId", "key-1",
                "points", 5, "reason", "by hand", "actor", "ops")).status());
        CoreUnderTest.Response batch = admin.post("/api/v1/adjustments/batch", Map.of("items", List.of(
                Map.of("adjustmentId", "c9-1", "memberId", one.toString(), "points", 50, "reason", "spring",
                        "actor", "scheduler", "campaign", "c9"),
                Map.of("adjustmentId", "c9-2", "memberId", two.toString(), "points", 50, "reason", "spring",
                        "actor", "scheduler", "campaign", "c9"))));
        assertEquals(200, batch.status(), batch.body().toString());

        AuditPage.Entry byKey = admin.client("reader", Scope.ADMIN).audit(AuditPage.Filter.of("member:" + one))
                .entries().getFirst();
        assertEquals("member.adjust", byKey.action());
        assertNull(byKey.actorStaffId());
        assertEquals(admin.token().split("_")[1], byKey.actorKeyId());
        JsonNode batches = admin.get("/api/v1/staff/audit?action=points.batch").body().path("entries");
        assertEquals(1, batches.size(), batches.toString());
        assertEquals("campaign:c9", batches.get(0).path("target").asText());
        assertEquals(2, batches.get(0).path("after").path("adjustments").asInt());
        assertEquals(100, batches.get(0).path("after").path("points").asLong());
        assertEquals(0, admin.get("/api/v1/staff/audit?target=member%3A" + two).body().path("entries").size(),
                "a batch writes no entry per member");
    }

    @Test
    void anExportAndAnErasureAreAuditedAndTheErasureTakesTheProfilesOutOfTheAudit() {
        UUID member = enroll("SCOPE0041", null, "gone@example.com", "POS", "S001");
        assertEquals(200, boss.patch("/api/v1/members/" + member, Map.of("givenName", "Zelda")).status());
        JsonNode update = boss.get("/api/v1/staff/audit?target=member%3A" + member + "&action=member.update").body()
                .path("entries").get(0);
        assertEquals("Ana", update.path("before").path("givenName").asText(), update.toString());
        assertEquals("Zelda", update.path("after").path("givenName").asText(), update.toString());
        assertEquals(bossId.toString(), update.path("actorStaffId").asText());

        assertEquals(200, boss.get("/api/v1/members/" + member + "/export").status());
        assertEquals(204, boss.post("/api/v1/members/" + member + "/erase", Map.of("actor", "dpo",
                "reason", "request 77")).status());
        String audit = boss.get("/api/v1/staff/audit?target=member%3A" + member).body().toString();
        assertTrue(audit.contains("member.export") && audit.contains("member.erase"), audit);
        assertFalse(audit.contains("Zelda") || audit.contains("gone@example.com"), audit);
        assertTrue(audit.contains("request 77"), audit);
    }

    @Test
    void aProgramChangeIsAuditedAndItsVersionSaysWhoChangedWhat() {
        CoreUnderTest.Response put = boss.put("/api/v1/program/stores/S002", Map.of("name", "Harbour",
                "timezone", "Europe/Berlin"));
        assertEquals(200, put.status(), put.body().toString());
        int version = (int) put.number("version");
        CoreUnderTest.Response refused = manager.put("/api/v1/program/stores/S003", Map.of("name", "No",
                "timezone", "Europe/Berlin"));
        assertEquals(403, refused.status(), "only an ADMIN changes the program");

        // A store manager reads the history through the Java client, as the console does.
        PunchcardClient console = admin.client("console client", Scope.CONSOLE);
        String token = console.openStaffSession("manager@example.com", OWN_PASSWORD).token();
        PunchcardClient asManager = console.inStaffSession(token);
        ProgramVersions versions = asManager.programVersions(null, 1);
        assertEquals(version, versions.versions().getFirst().version());
        assertEquals(bossId, versions.versions().getFirst().actorStaffId());
        assertEquals("Bo Boss", versions.versions().getFirst().actorName());
        assertEquals(version, versions.next(), "the next page starts below the last version shown");
        assertEquals(version - 1, asManager.programVersions(versions.next(), 1).versions().getFirst().version());

        ProgramVersion detail = asManager.programVersion(version);
        assertEquals(1, detail.changes().size(), detail.changes().toString());
        assertEquals("stores[S002]", detail.changes().getFirst().path());
        assertEquals("ADDED", detail.changes().getFirst().kind());
        assertEquals("Harbour", detail.changes().getFirst().after().path("name").asText());
        assertEquals("Harbour", detail.program().path("stores").get(2).path("name").asText());
        PunchcardException missing = assertThrows(PunchcardException.class, () -> asManager.programVersion(9999));
        assertEquals(404, missing.status());
        assertEquals(400, manager.get("/api/v1/program/versions/first").status());

        JsonNode changed = boss.get("/api/v1/staff/audit?action=program.change&target=program%3A" + version).body()
                .path("entries");
        assertEquals(1, changed.size(), changed.toString());
        assertEquals(bossId.toString(), changed.get(0).path("actorStaffId").asText());
        assertEquals(2, changed.get(0).path("before").path("stores").size());
        assertEquals(3, changed.get(0).path("after").path("stores").size());
    }

    /** The distinct stores of a purchase listing that must have answered 200 with at least one purchase. */
    private static List<String> storesOf(CoreUnderTest.Response listing) {
        assertEquals(200, listing.status(), listing.body().toString());
        List<String> stores = new ArrayList<>();
        listing.body().path("purchases").forEach(p -> stores.add(p.path("store").asText()));
        assertTrue(!stores.isEmpty(), "no purchases listed");
        return stores.stream().distinct().toList();
    }
}
