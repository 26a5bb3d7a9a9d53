package io.punchcard.loyalty.member;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Online customers become the in-store members they are; duplicates merge; GDPR export and erasure. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class IdentityIT {

    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static UUID enroll(String card, String phone, String email) {
        CoreUnderTest.Response r = core.post("/api/v1/members", new EnrollMember("Ana", "Silva", phone, email, card,
                null, null, null, null, "POS", "S001", null, null, null));
        assertEquals(201, r.status(), r.body().toString());
        return UUID.fromString(r.text("id"));
    }

    private static CoreUnderTest.Response resolve(String externalId, String email, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalId", externalId);
        if (email != null) {
            body.put("email", email);
        }
        if (phone != null) {
            body.put("phone", phone);
        }
        body.put("joinStore", "WEB");
        return core.post("/api/v1/members/resolve", body);
    }

    @Test
    void anOnlineCustomerWithTheEmailOfAnInStoreMemberBecomesThatMember() {
        UUID member = enroll("ID000001", "+49 170 5550001", "ana@example.com");

        CoreUnderTest.Response first = resolve("shopify:1001", " ANA@example.com", null);
        CoreUnderTest.Response again = resolve("shopify:1001", null, null);

        assertEquals("EMAIL", first.text("outcome"));
        assertEquals(member.toString(), first.text("memberId"));
        assertEquals("EXTERNAL_ID", again.text("outcome"), "the external id is now linked");
        assertEquals(member.toString(), again.text("memberId"));
    }

    @Test
    void anAmbiguousCustomerIsListedForAManagerNotGuessed() {
        UUID byEmail = enroll("ID000002", null, "bea@example.com");
        UUID byPhone = enroll("ID000003", "+49 170 5550003", null);

        CoreUnderTest.Response resolved = resolve("shopify:1002", "bea@example.com", "+491705550003");

        assertEquals("AMBIGUOUS", resolved.text("outcome"));
        assertTrue(resolved.body().get("memberId") == null || resolved.body().get("memberId").isNull());
        String duplicates = core.get("/api/v1/duplicates").body().toString();
        assertTrue(duplicates.contains(byEmail.toString()) && duplicates.contains(byPhone.toString()), duplicates);
    }

    @Test
    void aCustomerNoOneKnowsIsEnrolled() {
        CoreUnderTest.Response resolved = resolve("woocommerce:77", "new@example.com", "+49 170 5550077");

        assertEquals(201, resolved.status());
        assertEquals("ENROLLED", resolved.text("outcome"));
        JsonNode member = core.get("/api/v1/members?externalId=woocommerce%3A77").body();
        assertEquals("new@example.com", member.get("email").asText());
        assertEquals("+491705550077", member.get("phone").asText());
        assertEquals("ONLINE", member.get("joinChannel").asText());
    }

    @Test
    void aConsentKeepsTheTimeAndSourceItWasGivenWith() {
        Instant ticked = Instant.parse("2026-03-01T09:15:00Z");
        CoreUnderTest.Response enrolled = core.post("/api/v1/members", new EnrollMember("Ida", null, null,
                "ida@example.com", "ID000030", null, null, null, null, "ONLINE", "WEB", null,
                Map.of("email", new Consent(true, "shopify-checkout", ticked), "sms", new Consent(false, "shopify", null)),
                null));
        assertEquals(201, enrolled.status(), enrolled.body().toString());
        String id = enrolled.text("id");

        CoreUnderTest.Response withdrawn = core.patch("/api/v1/members/" + id, Map.of("consents",
                Map.of("email", Map.of("granted", false, "source", "unsubscribe-link", "at", "2026-04-02T18:00:00Z"))));
        CoreUnderTest.Response future = core.patch("/api/v1/members/" + id, Map.of("consents",
                Map.of("sms", Map.of("granted", true, "source", "kiosk", "at", Instant.now().plusSeconds(3600).toString()))));

        JsonNode consents = core.get("/api/v1/members/" + id).body().get("consents");
        assertEquals(200, withdrawn.status(), withdrawn.body().toString());
        assertEquals(false, consents.get("email").get("granted").asBoolean());
        assertEquals("unsubscribe-link", consents.get("email").get("source").asText());
        assertEquals(Instant.parse("2026-04-02T18:00:00Z"), Instant.parse(consents.get("email").get("at").asText()));
        assertTrue(Instant.parse(consents.get("sms").get("at").asText()).isAfter(Instant.now().minusSeconds(60)),
                "a consent without a time is given now");
        assertEquals(400, future.status());
        assertEquals("consents.sms.at", future.text("field"));
        String export = core.get("/api/v1/members/" + id + "/export").body().toString();
        assertTrue(export.contains("2026-03-01T09:15:00") && export.contains("shopify-checkout"),
                "the history keeps the first consent too: " + export);
    }

    @Test
    void aMergeMovesPointsPurchasesVouchersAndIdentifiersToTheSurvivor() {
        UUID survivor = enroll("ID000010", null, "cara@example.com");
        UUID duplicate = enroll("ID000011", "+49 170 5550011", null);
        core.post("/api/v1/purchases", Fixtures.sale("merge-a", "ID000010", 10000 - 1, Instant.now().minusSeconds(60)));
        core.post("/api/v1/purchases", Fixtures.sale("merge-b", "ID000011", 5000, Instant.now().minusSeconds(60)));
        core.post("/api/v1/vouchers", Map.of("template", "TEN-PERCENT", "reason", "test", "memberId", duplicate.toString()));

        CoreUnderTest.Response merged = core.post("/api/v1/members/" + survivor + "/merge",
                Map.of("duplicateId", duplicate.toString(), "actor", "manager S001", "reason", "same person"));

        assertEquals(200, merged.status(), merged.body().toString());
        assertEquals(99 + 50, core.get("/api/v1/members/" + survivor + "/summary").number("availablePoints"));
        assertEquals(1, core.get("/api/v1/members/" + survivor + "/vouchers").body().size());
        assertEquals(survivor.toString(), core.get("/api/v1/members?phone=%2B491705550011").text("id"),
                "the duplicate's phone, which the survivor lacked, now finds the survivor");
        assertEquals(404, core.get("/api/v1/members?card=ID000011").status(),
                "the survivor keeps its own card; the duplicate's retires");
        assertEquals("MERGED", core.get("/api/v1/members/" + duplicate).text("status"));
        assertEquals(survivor.toString(), core.get("/api/v1/members/" + duplicate).text("mergedInto"));
        assertEquals(409, core.post("/api/v1/members/" + survivor + "/merge",
                Map.of("duplicateId", duplicate.toString(), "actor", "m", "reason", "again")).status());
        assertTrue(core.get("/api/v1/members/" + survivor + "/timeline").body().toString().contains("merged from"));
    }

    @Test
    void aTillThatIdentifiedTheDuplicateBeforeTheMergeRedeemsAndRetriesAgainstTheSurvivor() {
        UUID survivor = enroll("ID000012", null, null);
        UUID duplicate = enroll("ID000013", null, null);
        core.post("/api/v1/purchases", Fixtures.sale("merge-c", "ID000013", 60000, Instant.now().minusSeconds(60)));
        assertEquals("SILVER", core.get("/api/v1/members/" + duplicate + "/summary").text("tier"));
        Map<String, Object> spend = Map.of("redemptionId", "till-3-0815", "points", 100);
        CoreUnderTest.Response before = core.post("/api/v1/members/" + duplicate + "/redemptions", spend);
        String cursor = core.get("/api/v1/events?limit=1000").text("next");

        assertEquals(200, core.post("/api/v1/members/" + survivor + "/merge",
                Map.of("duplicateId", duplicate.toString(), "actor", "manager S001", "reason", "same person")).status());
        CoreUnderTest.Response retried = core.post("/api/v1/members/" + duplicate + "/redemptions", spend);
        CoreUnderTest.Response another = core.post("/api/v1/members/" + duplicate + "/redemptions",
                Map.of("redemptionId", "till-3-0816", "points", 10));
        JsonNode events = core.get("/api/v1/events?limit=1000&after=" + cursor).body().get("events");

        assertEquals(201, before.status(), before.body().toString());
        assertEquals(200, retried.status(), retried.body().toString());
        assertEquals(before.body(), retried.body(), "the retry after the merge gets the first answer");
        assertEquals(201, another.status(), "a new redemption on the old id spends the survivor's points");
        long left = core.get("/api/v1/members/" + survivor + "/summary").number("availablePoints");
        assertEquals(left, another.number("available"));
        assertEquals("SILVER", core.get("/api/v1/members/" + survivor + "/summary").text("tier"));
        boolean told = false;
        for (JsonNode event : events) {
            told |= event.get("type").asText().equals("tier.changed")
                    && event.get("memberId").asText().equals(survivor.toString())
                    && event.get("payload").get("to").asText().equals("SILVER");
        }
        assertTrue(told, "followers hear that the survivor's tier went up: " + events);
    }

    @Test
    void erasureForgetsThePersonAndKeepsTheLedgerSums() {
        UUID member = enroll("ID000020", "+49 170 5550020", "dora@example.com");
        UUID other = enroll("ID000021", "+49 170 5550021", null);
        assertEquals("EMAIL", resolve("shopify:dora-20", "dora@example.com", null).text("outcome"));
        assertEquals("AMBIGUOUS", resolve("shopify:dora-21", "dora@example.com", "+49 170 5550021").text("outcome"),
                "a suspected duplicate of the member and " + other);
        core.post("/api/v1/purchases", Fixtures.sale("erase-1", "ID000020", 3000, Instant.now().minusSeconds(60)));
        String before = core.get("/api/v1/members/" + member + "/export").body().toString();
        assertTrue(before.contains("dora@example.com") && before.contains("erase-1"), before);

        assertEquals(204, core.post("/api/v1/members/" + member + "/erase",
                Map.of("actor", "dpo", "reason", "ticket 42")).status());

        String after = core.get("/api/v1/members/" + member + "/export").body().toString();
        assertFalse(after.contains("dora@example.com"), after);
        assertFalse(after.contains("5550020"), after);
        assertFalse(after.contains("Ana"), after);
        assertTrue(after.contains("\"points\":30"), "the ledger keeps its sums: " + after);
        assertEquals(404, core.get("/api/v1/members?card=ID000020").status());
        String duplicates = core.get("/api/v1/duplicates").body().toString();
        assertFalse(duplicates.contains(member.toString()) || duplicates.contains("dora-21"), duplicates);
        String events = core.get("/api/v1/events?limit=1000").body().toString();
        assertFalse(events.contains("dora"), "the feed names no identifier of hers: " + events);
        assertEquals(201, core.post("/api/v1/members", Fixtures.member("ID000020")).status(),
                "the card number is free for someone else");
    }

    @Test
    void aShopForgettingItsCustomerErasesOnlyAMemberKnownThroughThatShop() {
        UUID inStore = enroll("ID000091", null, "ella90@example.com");
        assertEquals("EMAIL", resolve("shopify:3001", "ella90@example.com", null).text("outcome"));
        CoreUnderTest.Response onlineOnly = resolve("shopify:3002", "finn90@example.com", null);
        assertEquals("ENROLLED", onlineOnly.text("outcome"));
        UUID online = UUID.fromString(onlineOnly.text("memberId"));
        Map<String, Object> forgetElla = Map.of("externalId", "shopify:3001", "source", "online:shopify:acme.myshopify.com",
                "actor", "shopify customers/redact", "reason", "request 9");

        CoreUnderTest.Response ella = core.post("/api/v1/members/unlink", forgetElla);
        CoreUnderTest.Response finn = core.post("/api/v1/members/unlink", Map.of("externalId", "shopify:3002",
                "source", "online:shopify:acme.myshopify.com", "actor", "shopify customers/redact", "reason", "request 10"));

        assertEquals("UNLINKED", ella.text("outcome"), "she has a card from the store: she stays a member");
        assertEquals(inStore.toString(), ella.text("memberId"));
        assertEquals(404, core.get("/api/v1/members?externalId=shopify%3A3001").status(), "the link is gone");
        assertEquals(200, core.get("/api/v1/members?card=ID000091").status());
        assertEquals("ERASED", finn.text("outcome"), "he was known only through the shop");
        assertEquals(online.toString(), finn.text("memberId"));
        assertEquals(404, core.get("/api/v1/members?email=finn90%40example.com").status());
        assertEquals("NOT_LINKED", core.post("/api/v1/members/unlink", forgetElla).text("outcome"), "a repeat changes nothing");
        assertEquals("externalId", core.post("/api/v1/members/unlink", Map.of("externalId", "no colon", "source", "x",
                "actor", "a", "reason", "r")).text("field"));
    }
}
