package io.punchcard.campaign.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.campaign.support.MessagesUnderTest.Answer;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The manager console calls the scheduler as the member of staff logged in: its CONSOLE key with the person's
 * staff session, checked with the core. An admin acts as an ADMIN key and is named in the campaign's audit; a store
 * manager as a STORE key of their stores; a cashier not at all; a session logged out stops working here within the
 * 30 s the scheduler remembers an answer.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StaffSessionCallersIT {

    private static final String PASSWORD = "a long enough phrase";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-01-11T10:00:00Z"));
    private static MessagesUnderTest app;
    private static String consoleKey;
    private static PunchcardClient console;
    private static UUID adminId;

    @BeforeAll
    static void start(TestPostgres postgres) {
        app = MessagesUnderTest.start(postgres, CLOCK, Map.of("welcome.enabled", "false"));
        consoleKey = app.newKey("console", Scope.CONSOLE);
        console = new PunchcardClient(PunchcardClient.Settings.of(app.coreUri(), consoleKey));
        adminId = account("ada@example.com", "Ada Admin", StaffRole.ADMIN, List.of());
        account("sam@example.com", "Sam Manager", StaffRole.STORE_MANAGER, List.of("S001"));
        account("cai@example.com", "Cai Cashier", StaffRole.CASHIER, List.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static UUID account(String email, String name, StaffRole role, List<String> stores) {
        StaffAccounts.Result created = app.staffAccounts().create(Actor.CLI,
                new StaffAccounts.NewAccount(email, name, role, stores, PASSWORD), false);
        return assertInstanceOf(StaffAccounts.Done.class, created, created.toString()).staff().id();
    }

    private static String login(String email) {
        return console.openStaffSession(email, PASSWORD).token();
    }

    private static Answer call(String method, String path, Object body, String session) {
        return app.call(method, path, body, consoleKey, Map.of(StaffSession.HEADER, session));
    }

    @Test
    void anAdminsSessionCreatesACampaignAndTheAuditNamesThem() {
        Answer created = call("POST", "/scheduler/v1/campaigns", Map.of("id", "ada-welcome",
                "fromTemplate", "welcome-bonus"), login("ada@example.com"));

        assertEquals(201, created.status(), created.body());
        assertEquals("ada@example.com", created.json().path("createdBy").asText());
        JsonNode entry = app.call("GET", "/scheduler/v1/campaigns/ada-welcome/audit", null).json().path("entries").get(0);
        assertEquals("create", entry.path("action").asText());
        assertEquals(adminId.toString(), entry.path("staff").path("id").asText(), entry.toString());
        assertEquals("ada@example.com", entry.path("staff").path("email").asText(), entry.toString());

        Answer byKey = app.call("POST", "/scheduler/v1/campaigns", Map.of("id", "key-welcome",
                "fromTemplate", "welcome-bonus"));
        assertEquals(201, byKey.status(), byKey.body());
        assertFalse(app.call("GET", "/scheduler/v1/campaigns/key-welcome/audit", null).json().path("entries").get(0)
                .hasNonNull("staff"), "a key acting alone is no member of staff");
    }

    @Test
    void aStoreManagerReadsCampaignsAndOnlyTheirStoresMembersMessages() throws Exception {
        UUID ours = enroll("S001");
        UUID theirs = enroll("WEB");
        UUID shopper = enroll("WEB");
        app.admin.recordPurchase(new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null), "sale-" + shopper,
                new MemberRef(shopper, null, null, null, null, null), CLOCK.instant(), "EUR", List.of(new PurchaseLine(
                "TEE", "shirts", BigDecimal.ONE, 1999L, 0L)), null, null, null, 1999L, null, null, null));
        for (UUID member : List.of(ours, theirs)) {
            Await.until(() -> app.call("GET", "/scheduler/v1/members/" + member + "/facts", null).status() == 200,
                    Duration.ofSeconds(10), "the scheduler's facts of " + member);
        }
        String session = login("sam@example.com");

        Answer campaigns = call("GET", "/scheduler/v1/campaigns", null, session);
        assertEquals(200, campaigns.status(), campaigns.body());
        assertTrue(campaigns.json().path("campaigns").isArray());
        Answer own = call("GET", "/scheduler/v1/members/" + ours + "/messages", null, session);
        assertEquals(200, own.status(), own.body());
        Answer other = call("GET", "/scheduler/v1/members/" + theirs + "/messages", null, session);
        assertEquals(403, other.status(), other.body());
        assertEquals("memberId", other.json().path("field").asText());
        Await.until(() -> call("GET", "/scheduler/v1/members/" + shopper + "/messages", null, session).status() == 200,
                Duration.ofSeconds(10), "an online member who bought at S001 is S001's once the feed has the sale");
        Answer template = call("PUT", "/scheduler/v1/templates/sam-template", Map.of(), session);
        assertEquals(403, template.status(), "templates are an admin's: " + template.body());
    }

    @Test
    void aCashierMayDoNothingHere() {
        Answer read = call("GET", "/scheduler/v1/campaigns", null, login("cai@example.com"));

        assertEquals(403, read.status(), read.body());
        assertTrue(read.json().path("detail").asText().contains("CASHIER member of staff"), read.body());
    }

    @Test
    void aSessionLoggedOutIsRefusedOnceTheScheduleForgetsItAndAConsoleKeyAloneNeverWorks() {
        String session = login("ada@example.com");
        assertEquals(200, call("GET", "/scheduler/v1/campaigns", null, session).status());

        console.inStaffSession(session).endStaffSession();
        CLOCK.advance(Callers.KNOWN_FOR.plusSeconds(1));
        Answer after = call("GET", "/scheduler/v1/campaigns", null, session);

        assertEquals(401, after.status(), after.body());
        assertTrue(after.json().path("type").asText().endsWith("/staff-session-required"), after.body());
        assertEquals(StaffSession.HEADER, after.json().path("field").asText());
        Answer alone = app.call("GET", "/scheduler/v1/campaigns", null, consoleKey);
        assertEquals(401, alone.status(), alone.body());
        assertTrue(alone.json().path("type").asText().endsWith("/staff-session-required"), alone.body());
        Answer madeUp = call("GET", "/scheduler/v1/campaigns", null, "ss_madeup");
        assertEquals(401, madeUp.status(), madeUp.body());
    }

    private static UUID enroll(String store) {
        return app.admin.enroll(new EnrollMember("Ana", "Store" + store, null, null, null, null, null, "en", null,
                "POS", store, null, null, null)).id();
    }
}
