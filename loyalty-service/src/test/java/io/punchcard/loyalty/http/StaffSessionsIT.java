package io.punchcard.loyalty.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.StaffCli;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.platform.StartupException;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager console's staff, as the console's CONSOLE key meets them: the first admin made at the command line,
 * logins that lock after wrong passwords, roles that bound what a session may do, admins who create, reset and
 * disable accounts — all of it audited, no password hash anywhere.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StaffSessionsIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private static final String ADMIN_PASSWORD = "the first admin's long phrase";

    private static CoreUnderTest admin;
    private static CoreUnderTest console;
    private static UUID firstAdmin;
    private static UUID member;

    @BeforeAll
    static void start(TestPostgres postgres) {
        admin = CoreUnderTest.start(postgres, CLOCK);
        console = admin.as(Fixtures.apiKey(admin, "CONSOLE", null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StaffCli.run(new String[] {"create-admin", "Boss@Example.com", "Bo Boss"}, admin.service().staffAccounts(),
                () -> ADMIN_PASSWORD, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("created admin boss@example.com"), out.toString());
        firstAdmin = UUID.fromString(login("boss@example.com", ADMIN_PASSWORD).path("staff").path("id").asText());
        CoreUnderTest.Response joined = admin.post("/api/v1/members", Map.of("givenName", "Ana", "cardNumber",
                "STAFF0001", "joinChannel", "POS", "joinStore", "S001"));
        assertEquals(201, joined.status(), joined.body().toString());
        member = UUID.fromString(joined.text("id"));
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static JsonNode login(String email, String password) {
        CoreUnderTest.Response opened = console.post("/api/v1/staff/sessions", Map.of("email", email,
                "password", password));
        assertEquals(201, opened.status(), opened.body().toString());
        assertTrue(opened.text("token").startsWith("ss_"), opened.body().toString());
        assertEquals(1800, opened.number("idleSeconds"));
        return opened.body();
    }

    private static CoreUnderTest session(String email, String password) {
        return console.inStaffSession(login(email, password).path("token").asText());
    }

    private static CoreUnderTest bossSession() {
        return session("boss@example.com", ADMIN_PASSWORD);
    }

    /** Creates an account as the first admin, then logs in and sets the person's own password. */
    private static CoreUnderTest staff(String email, String role, List<String> stores) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", email, "name", "Someone", "role", role,
                "password", "an admin's first pick"));
        if (!stores.isEmpty()) {
            body.put("stores", stores);
        }
        CoreUnderTest.Response created = bossSession().post("/api/v1/staff", body);
        assertEquals(201, created.status(), created.body().toString());
        CoreUnderTest session = session(email, "an admin's first pick");
        assertEquals(200, session.post("/api/v1/staff/me/password", Map.of("current", "an admin's first pick",
                "new", "my own secret phrase")).status());
        return session;
    }

    @Test
    void theCommandLineRefusesAWeakPasswordAndATakenEmail() {
        StartupException weak = assertThrows(StartupException.class, () -> StaffCli.run(new String[] {"create-admin",
                "new@example.com", "New"}, admin.service().staffAccounts(), () -> "short", System.out));
        assertTrue(weak.getMessage().contains("at least 12"), weak.getMessage());
        StartupException taken = assertThrows(StartupException.class, () -> StaffCli.run(new String[] {"create-admin",
                "BOSS@example.com", "Again"}, admin.service().staffAccounts(), () -> "another long phrase", System.out));
        assertTrue(taken.getMessage().contains("already"), taken.getMessage());
    }

    @Test
    void aConsoleKeyWithoutASessionCanOnlyLogIn() {
        for (CoreUnderTest.Response refused : List.of(console.get("/api/v1/members/" + member),
                console.get("/api/v1/program"), console.get("/api/v1/staff/me"), console.get("/api/v1/staff"),
                console.inStaffSession("ss_madeup").get("/api/v1/members/" + member))) {
            assertEquals(401, refused.status(), refused.body().toString());
            assertEquals("staff-session-required", refused.text("type").replaceAll(".*/", ""));
            assertTrue(refused.body().toString().contains("X-Staff-Session"), refused.body().toString());
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilItsTimeIsUp() {
        staff("lock@example.com", "CASHIER", List.of());
        for (int i = 1; i <= 5; i++) {
            CoreUnderTest.Response wrong = console.post("/api/v1/staff/sessions", Map.of("email", "lock@example.com",
                    "password", "not the password " + i));
            assertEquals(401, wrong.status(), wrong.body().toString());
            assertTrue(wrong.text("type").endsWith("bad-credentials"), wrong.body().toString());
        }
        CoreUnderTest.Response locked = console.post("/api/v1/staff/sessions", Map.of("email", "lock@example.com",
                "password", "my own secret phrase"));
        assertEquals(429, locked.status(), locked.body().toString());
        assertTrue(locked.text("type").endsWith("staff-locked"), locked.body().toString());
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 61, "Retry-After " + retryAfter);

        CoreUnderTest.Response unknown = console.post("/api/v1/staff/sessions", Map.of("email", "nobody@example.com",
                "password", "my own secret phrase"));
        assertEquals(401, unknown.status());
        assertTrue(unknown.text("type").endsWith("bad-credentials"), "an unknown e-mail reads as a wrong password");

        CLOCK.advance(Duration.ofSeconds(61));
        login("lock@example.com", "my own secret phrase");

        JsonNode locks = bossSession().get("/api/v1/staff/audit?action=staff.lock").body();
        assertFalse(locks.path("entries").isEmpty(), locks.toString());
        assertEquals(5, locks.path("entries").get(0).path("after").path("failedAttempts").asInt(), locks.toString());
    }

    @Test
    void aCashierReadsAMemberButCannotAdjustPointsOrExport() {
        CoreUnderTest cashier = staff("cashier@example.com", "CASHIER", List.of());
        assertEquals(200, cashier.get("/api/v1/members/" + member).status());
        assertEquals(200, cashier.get("/api/v1/members/" + member + "/summary").status());
        CoreUnderTest.Response adjust = cashier.post("/api/v1/members/" + member + "/adjustments", Map.of(
                "adjustmentId", "cashier-try", "points", 1000, "reason", "friend", "actor", "cashier"));
        assertEquals(403, adjust.status(), adjust.body().toString());
        assertEquals(403, cashier.get("/api/v1/members/" + member + "/export").status());
        assertEquals(403, cashier.get("/api/v1/staff").status());
        assertFalse(admin.get("/api/v1/members/" + member + "/ledger").body().toString().contains("cashier-try"),
                "no points were given");
    }

    @Test
    void anAccountWithAnAdminsPasswordMayOnlyChangeIt() {
        CoreUnderTest.Response created = bossSession().post("/api/v1/staff", Map.of("email", "new@example.com",
                "name", "Nu", "role", "STORE_MANAGER", "stores", List.of("S001"), "password", "an admin's first pick"));
        assertEquals(201, created.status(), created.body().toString());
        JsonNode opened = login("new@example.com", "an admin's first pick");
        assertTrue(opened.path("staff").path("mustChangePassword").asBoolean());
        CoreUnderTest fresh = console.inStaffSession(opened.path("token").asText());
        CoreUnderTest.Response refused = fresh.get("/api/v1/members/" + member);
        assertEquals(403, refused.status());
        assertTrue(refused.text("type").endsWith("password-change-required"), refused.body().toString());
        assertEquals(200, fresh.get("/api/v1/staff/me").status());
        CoreUnderTest.Response weak = fresh.post("/api/v1/staff/me/password", Map.of("current",
                "an admin's first pick", "new", "too short"));
        assertEquals(400, weak.status());
        assertTrue(weak.body().toString().contains("\"new\""), weak.body().toString());
        assertEquals(200, fresh.post("/api/v1/staff/me/password", Map.of("current", "an admin's first pick",
                "new", "a phrase of my own")).status());
        assertEquals(200, fresh.get("/api/v1/members/" + member).status());
        assertFalse(fresh.get("/api/v1/staff/me").body().path("mustChangePassword").asBoolean());
        assertEquals(403, fresh.get("/api/v1/members/" + member + "/export").status());
    }

    @Test
    void anAdminsResetEndsTheOthersSessionsAndLiftsTheLock() {
        CoreUnderTest other = staff("reset@example.com", "CASHIER", List.of());
        String id = other.get("/api/v1/staff/me").text("id");
        CoreUnderTest.Response reset = bossSession().post("/api/v1/staff/" + id + "/password",
                Map.of("password", "a brand new phrase 42"));
        assertEquals(200, reset.status(), reset.body().toString());
        assertEquals(401, other.get("/api/v1/members/" + member).status(), "the old session ended");
        assertTrue(login("reset@example.com", "a brand new phrase 42").path("staff").path("mustChangePassword")
                .asBoolean());
    }

    @Test
    void theLastAdminCannotBeDisabledOrDemoted() {
        CoreUnderTest boss = bossSession();
        CoreUnderTest.Response demote = boss.patch("/api/v1/staff/" + firstAdmin, Map.of("role", "CASHIER"));
        assertEquals(409, demote.status(), demote.body().toString());
        assertTrue(demote.text("type").endsWith("last-admin"));
        assertEquals(409, boss.patch("/api/v1/staff/" + firstAdmin, Map.of("disabled", true)).status());

        CoreUnderTest second = staff("second@example.com", "ADMIN", List.of());
        String secondId = second.get("/api/v1/staff/me").text("id");
        CoreUnderTest.Response disabled = boss.patch("/api/v1/staff/" + secondId, Map.of("disabled", true));
        assertEquals(200, disabled.status(), disabled.body().toString());
        assertEquals(401, second.get("/api/v1/staff").status(), "disabling ends their sessions");
        CoreUnderTest.Response noLogin = console.post("/api/v1/staff/sessions", Map.of("email", "second@example.com",
                "password", "my own secret phrase"));
        assertEquals(401, noLogin.status());
    }

    @Test
    void everyChangeIsAuditedWithBeforeAndAfterAndNoHash() {
        CoreUnderTest boss = bossSession();
        CoreUnderTest.Response created = boss.post("/api/v1/staff", Map.of("email", "audited@example.com",
                "name", "Au", "role", "CASHIER", "password", "an admin's first pick"));
        assertEquals(201, created.status(), created.body().toString());
        String id = created.text("id");
        assertEquals(200, boss.patch("/api/v1/staff/" + id, Map.of("name", "Audrey")).status());
        JsonNode page = boss.get("/api/v1/staff/audit?actor=" + firstAdmin + "&limit=2").body();
        JsonNode update = page.path("entries").get(0);
        assertEquals("staff.update", update.path("action").asText(), page.toString());
        assertEquals("staff:" + id, update.path("target").asText());
        assertEquals(firstAdmin.toString(), update.path("actorStaffId").asText());
        assertEquals("Au", update.path("before").path("name").asText());
        assertEquals("Audrey", update.path("after").path("name").asText());
        assertEquals("staff.create", page.path("entries").get(1).path("action").asText());
        assertTrue(page.path("entries").get(1).path("before").isMissingNode(), "nothing before a creation");
        String all = boss.get("/api/v1/staff/audit?limit=500").body().toString();
        assertFalse(all.contains("argon2"), "no hash in the audit");
        assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains("hash"), all);
        assertFalse(boss.get("/api/v1/staff").body().toString().contains("argon2"), "no hash in the listing");
        assertEquals(400, boss.get("/api/v1/staff/audit?after=nonsense").status());
    }

    @Test
    void aStoreManagerActsForTheirStoresOnly() {
        CoreUnderTest.Response elsewhere = bossSession().post("/api/v1/staff", Map.of("email", "far@example.com",
                "name", "Far", "role", "STORE_MANAGER", "stores", List.of("S999"), "password", "an admin's first pick"));
        assertEquals(400, elsewhere.status());
        assertEquals("stores[0]", elsewhere.text("field"));
        CoreUnderTest manager = staff("manager@example.com", "STORE_MANAGER", List.of("S001"));
        assertEquals(200, manager.get("/api/v1/purchases").status());
        CoreUnderTest.Response web = manager.get("/api/v1/purchases?store=WEB");
        assertEquals(403, web.status(), web.body().toString());
        assertEquals("store", web.text("field"));
        assertEquals(403, manager.get("/api/v1/events").status());
    }

    @Test
    void aSessionIdleHalfAnHourEnds() {
        CoreUnderTest cashier = staff("idle@example.com", "CASHIER", List.of());
        CLOCK.advance(Duration.ofMinutes(29));
        assertEquals(200, cashier.get("/api/v1/members/" + member).status());
        CLOCK.advance(Duration.ofMinutes(31));
        CoreUnderTest.Response ended = cashier.get("/api/v1/members/" + member);
        assertEquals(401, ended.status());
        assertTrue(ended.text("type").endsWith("staff-session-expired"), ended.body().toString());
    }

    @Test
    void theJavaClientLogsInAndActsInTheSession() {
        PunchcardClient client = admin.client("console", Scope.CONSOLE);
        PunchcardException wrong = assertThrows(PunchcardException.class,
                () -> client.openStaffSession("boss@example.com", "not the boss's phrase"));
        assertEquals(401, wrong.status());
        StaffSession session = client.openStaffSession("BOSS@example.com", ADMIN_PASSWORD);
        assertEquals("ADMIN", session.staff().role());
        assertEquals(member, client.inStaffSession(session.token()).member(member).id());
        client.inStaffSession(session.token()).endStaffSession();
        assertEquals(401, console.inStaffSession(session.token()).get("/api/v1/staff/me").status());
    }
}
