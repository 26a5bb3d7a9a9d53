package io.punchcard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The Members section against a real core and campaign scheduler, as staff meet it: a member found by any
 * identifier or a name, their whole story on one page (profile, consents, tier, ledger, purchases, timeline, the
 * scheduler's messages), points adjusted with a reason and found in the ledger, a voucher issued, the GDPR export
 * downloaded, an erasure confirmed by typing, duplicates compared and merged — and a cashier shown the card only.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class MembersIT {

    private static final String PASSWORD = "members pages phrase";
    private static final Pattern FORM_ID = Pattern.compile("name=\"formId\" value=\"([^\"]+)\"");

    private static ConsoleUnderTest console;
    private static UUID ana;
    /** One login per person for the class: each costs a password hash at the core. */
    private static Agent ada;
    private static Agent sam;
    private static Agent cai;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        console = ConsoleUnderTest.start(postgres, Clock.systemUTC(), true);
        console.createAdmin("ada@example.com", "Ada Admin", PASSWORD);
        account("sam@example.com", "Sam Manager", StaffRole.STORE_MANAGER, List.of("S001"));
        account("cai@example.com", "Cai Cashier", StaffRole.CASHIER, List.of());
        ana = enroll("Ana", "Silva", "MEM0001", "+4915112340001", "ana.silva@example.com");
        console.admin().recordPurchase(new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null), "sale-1",
                MemberRef.card("MEM0001"), java.time.Instant.now(), "EUR", List.of(new PurchaseLine("TEE", "shirts",
                BigDecimal.valueOf(2), 1999L, 0L)), null, null, null, 3998L, null, null, null));
        ada = as("ada@example.com");
        sam = as("sam@example.com");
        cai = as("cai@example.com");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    private static void account(String email, String name, StaffRole role, List<String> stores) {
        console.account(email, name, role, stores, PASSWORD);
    }

    private static UUID enroll(String given, String family, String card, String phone, String email) {
        return console.admin().enroll(new EnrollMember(given, family, phone, email, card, null, null, "en", null, "POS",
                "S001", null, email == null ? null : Map.of("email", new Consent(true, "till", null, null)), null)).id();
    }

    private static Agent as(String email) throws Exception {
        return console.loggedIn(email, PASSWORD);
    }

    @Test
    void aMemberIsFoundByAnyIdentifierOrTheirName() throws Exception {
        for (String words : List.of("MEM0001", "+49 151 12340001", "Ana.Silva@example.com", "silva")) {
            HttpResponse<String> found = ada.get("/console/members?q=" + java.net.URLEncoder.encode(words,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, found.statusCode(), words);
            assertTrue(found.body().contains("data-member=\"" + ana + "\""), words + ": " + found.body());
        }
        HttpResponse<String> none = ada.get("/console/members?q=NOBODY42");
        assertTrue(none.body().contains("id=\"no-results\""), none.body());
        HttpResponse<String> odd = ada.get("/console/members?q=%3F%3F%3F");
        assertEquals(422, odd.statusCode(), "words that can be no identifier or name");
        assertTrue(odd.body().contains("href=\"#q\""), "the error summary links to the field");
    }

    @Test
    void theMembersPageTellsTheirWholeStoryWithTheSchedulersMessages() throws Exception {
        String page = Await.value(() -> {
            try {
                String body = ada.get("/console/members/" + ana).body();
                return body.contains("id=\"messages\"") ? body : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(20), "the scheduler's welcome message on the member's page");

        assertTrue(page.contains("Ana Silva"), page);
        assertTrue(page.contains("id=\"card\">MEM0001<"), "the profile's card");
        assertTrue(section(page, "consents").contains("till"), "the consent's source");
        assertTrue(section(page, "purchases").contains("€39.98"), "the purchase from the till");
        assertTrue(section(page, "timeline").contains("Purchase"), "the timeline's purchase");
        assertTrue(section(page, "ledger").contains("Earned"), "the points the purchase earned");
        assertTrue(section(page, "messages").contains("welcome"), "the welcome e-mail, as the scheduler has it");
        assertTrue(page.contains("id=\"export\""), "an admin may download the export");
    }

    @Test
    void anAdjustmentNeedsAReasonThenStandsInTheLedgerOnceHoweverOftenItIsSent() throws Exception {
        String page = ada.get("/console/members/" + ana).body();
        String formId = formId(page);

        HttpResponse<String> noReason = adjust(ada, page, formId, "25", "");
        assertEquals(422, noReason.statusCode());
        assertTrue(noReason.body().contains("id=\"reason-error\""), "the error beside the reason");
        assertTrue(noReason.body().contains("value=\"25\""), "what was typed is kept");
        HttpResponse<String> tooMany = adjust(ada, page, formId, "999999999", "Far too many");
        assertEquals(422, tooMany.statusCode());
        assertTrue(tooMany.body().contains("id=\"points-error\""), "the core's problem beside the field it names");

        HttpResponse<String> done = adjust(ada, page, formId, "25", "Parcel arrived late");
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(303, adjust(ada, page, formId, "25", "Parcel arrived late").statusCode(), "sent again");
        String after = ada.get(Agent.location(done)).body();
        assertTrue(after.contains("Added 25 points: Parcel arrived late."), "the notice");
        String ledger = section(after, "ledger");
        assertEquals(1, count(ledger, "Parcel arrived late"), "one entry for the form, however often sent: " + ledger);
        assertTrue(ledger.contains("ada@example.com"), "the entry names who adjusted");
        assertTrue(ledger.contains("+25"), ledger);
        String audit = section(after, "audit");
        assertTrue(audit.contains("Points adjusted") && audit.contains("Ada Admin (ada@example.com)")
                && audit.contains("+25 points: Parcel arrived late"), "the core's audit of the member: " + audit);
    }

    @Test
    void aVoucherIsIssuedFromTheProgramsTemplates() throws Exception {
        String page = ada.get("/console/members/" + ana).body();
        HttpResponse<String> issued = ada.post("/console/members/" + ana + "/vouchers", Agent.csrf(page),
                Map.of("formId", formId(page), "template", "TEN-PERCENT", "voucher-reason", "Birthday week"));

        assertEquals(303, issued.statusCode(), issued.body());
        String after = ada.get(Agent.location(issued)).body();
        assertTrue(after.contains("Issued a 10% off voucher"), after);
        assertTrue(section(after, "vouchers").contains("10% off"), after);
    }

    @Test
    void theExportDownloadsAndAnErasureIsConfirmedByTyping() throws Exception {
        UUID leo = enroll("Leo", "Gone", "MEM0002", "+4915112340002", "leo@example.com");
        HttpResponse<String> export = ada.get("/console/members/" + leo + "/export");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        JsonNode exported = Json.mapper().readTree(export.body());
        assertTrue(exported.toString().contains("leo@example.com"), "everything kept about the member");

        String page = ada.get("/console/members/" + leo).body();
        HttpResponse<String> unconfirmed = ada.post("/console/members/" + leo + "/erase", Agent.csrf(page),
                Map.of("confirm", "MEM0003", "erase-reason", "GDPR request of 7 Dec"));
        assertEquals(422, unconfirmed.statusCode());
        assertTrue(unconfirmed.body().contains("id=\"confirm-error\""), unconfirmed.body());
        assertEquals("ACTIVE", console.admin().member(leo).status(), "nothing erased");

        HttpResponse<String> erased = ada.post("/console/members/" + leo + "/erase", Agent.csrf(page),
                Map.of("confirm", "MEM0002", "erase-reason", "GDPR request of 7 Dec"));
        assertEquals(303, erased.statusCode(), erased.body());
        assertEquals("ERASED", console.admin().member(leo).status());
        String after = ada.get(Agent.location(erased)).body();
        assertTrue(after.contains("id=\"member-status\">Erased<"), after);
    }

    @Test
    void suspectedDuplicatesAreComparedSideBySideAndMerged() throws Exception {
        UUID byEmail = enroll("Mia", "Kowalski", "MEM0010", null, "mia@example.com");
        UUID byPhone = enroll("Mia", "K.", "MEM0011", "+4915112340011", null);
        console.admin().adjust(byPhone, new AdjustPoints(UUID.randomUUID().toString(), 10L, "Welcome gift", "tests"));
        console.admin().resolve(new ResolveCustomer("shopify:4711", "mia@example.com", "+4915112340011", "Mia",
                "Kowalski", null, "ONLINE", "WEB"));
        String queue = sam.get("/console/members/duplicates").body();
        Matcher pair = Pattern.compile("href=\"(/console/members/duplicates/[0-9]+)\"").matcher(queue);
        assertTrue(pair.find(), queue);

        String compare = sam.get(pair.group(1)).body();
        assertTrue(compare.contains("MEM0010") && compare.contains("MEM0011"), "both cards side by side: " + compare);
        HttpResponse<String> unchosen = sam.post(pair.group(1) + "/merge", Agent.csrf(compare),
                Map.of("merge-reason", "Same e-mail and phone"));
        assertEquals(422, unchosen.statusCode());
        assertTrue(unchosen.body().contains("id=\"survivor-error\""), unchosen.body());

        HttpResponse<String> merged = sam.post(pair.group(1) + "/merge", Agent.csrf(compare),
                Map.of("survivor", byEmail.toString(), "merge-reason", "Same e-mail and phone"));
        assertEquals(303, merged.statusCode(), merged.body());
        assertEquals("/console/members/" + byEmail, Agent.location(merged));
        assertEquals("MERGED", console.admin().member(byPhone).status());
        assertTrue(section(sam.get(Agent.location(merged)).body(), "timeline").contains("moved by a merge"),
                "the merge in the survivor's timeline");
    }

    @Test
    void aCashierSeesTheCardButNeitherHistoryNorActions() throws Exception {
        assertTrue(cai.get("/console/members?q=MEM0001").body().contains("data-member=\"" + ana + "\""));
        HttpResponse<String> page = cai.get("/console/members/" + ana);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"points-available\""), "the card's points");
        for (String hidden : List.of("id=\"ledger\"", "id=\"adjust-form\"", "id=\"erase-form\"", "id=\"export\"",
                "id=\"purchases\"", "id=\"duplicates-link\"")) {
            assertFalse(page.body().contains(hidden), hidden);
        }
        HttpResponse<String> adjust = cai.post("/console/members/" + ana + "/adjustments", Agent.csrf(page.body()),
                Map.of("formId", UUID.randomUUID().toString(), "points", "5", "reason", "Just because"));
        assertEquals(403, adjust.statusCode(), "refused before the core is asked");
        assertEquals(403, cai.get("/console/members/" + ana + "/export").statusCode());
        assertEquals(403, cai.get("/console/members/duplicates").statusCode());
    }

    @Test
    void aStoreManagerActsButNeitherExportsNorErases() throws Exception {
        String page = sam.get("/console/members/" + ana).body();

        assertTrue(page.contains("id=\"adjust-form\"") && page.contains("id=\"ledger\""), page);
        assertFalse(page.contains("id=\"erase-form\"") || page.contains("id=\"export\"")
                || page.contains("id=\"audit-title\""), page);
        assertEquals(403, sam.get("/console/members/" + ana + "/export").statusCode());
        assertEquals(404, sam.get("/console/members/not-a-member").statusCode());
    }

    private static HttpResponse<String> adjust(Agent agent, String page, String formId, String points, String reason)
            throws Exception {
        return agent.post("/console/members/" + ana + "/adjustments", Agent.csrf(page),
                Map.of("formId", formId, "points", points, "reason", reason));
    }

    private static String formId(String page) {
        Matcher matcher = FORM_ID.matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }

    /** The table of {@code id} in {@code page}, from its tag to its end. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertTrue(start >= 0, "no " + id + " in " + page);
        return page.substring(start, page.indexOf("</table>", start));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
