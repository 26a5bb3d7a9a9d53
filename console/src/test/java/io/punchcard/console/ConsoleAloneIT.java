package io.punchcard.console;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.punchcard.console.Agent.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console run alone against a real core, as its users meet it without a browser's help: the first admin made at
 * the command line logs in, must choose their own password, sees their sections and logs out leaving nothing behind;
 * each role is let into its sections only; a session ends here when the core's would; wrong passwords lock the
 * account with a sentence saying until when.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ConsoleAloneIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private static final String BOSS = "boss@example.com";
    private static final String BOSS_OWN = "only the admin knows this one";

    private static ConsoleUnderTest console;

    @BeforeAll
    static void start(TestPostgres database) {
        console = ConsoleUnderTest.start(database, CLOCK);
        console.createAdmin(BOSS, "Bo Boss", BOSS_OWN);
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void theFirstAdminLogsInChoosesAPasswordAndLogsOutLeavingNothing() throws Exception {
        Agent agent = console.agent();
        HttpResponse<String> away = agent.get("/console/");
        assertEquals(303, away.statusCode());
        assertEquals("/console/login", location(away), "no session: the login page");

        HttpResponse<String> login = agent.get("/console/login");
        assertEquals(200, login.statusCode());
        assertEquals("no-store, max-age=0", login.headers().firstValue("Cache-Control").orElse(""));
        String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));

        HttpResponse<String> forged = agent.post("/console/login", null, Map.of("email", BOSS, "password", BOSS_OWN));
        assertEquals(403, forged.statusCode(), "a login without the form's token is refused before the core is asked");
        HttpResponse<String> wrong = agent.logIn(BOSS, "not the password at all");
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("The e-mail address or the password is wrong."), wrong.body());
        assertTrue(wrong.body().contains("href=\"#password\""), "the error summary links to the field");

        HttpResponse<String> in = agent.logIn(BOSS, BOSS_OWN);
        assertEquals("/console/", location(in), "the first admin chose their password at the command line");
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("console_session="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"),
                cookie);
        assertEquals(null, agent.cookie("console_login"), "the login form's cookie is spent at the login");

        HttpResponse<String> dashboard = agent.get("/console/");
        assertEquals(200, dashboard.statusCode(), dashboard.body());
        assertTrue(dashboard.body().contains("<span id=\"who-name\">Bo Boss</span>"), dashboard.body());
        for (String section : List.of("DASHBOARD", "MEMBERS", "CAMPAIGNS", "PROGRAM", "STAFF", "AUDIT", "EXPORTS")) {
            assertTrue(dashboard.body().contains("data-section=\"" + section + "\""), "an admin sees " + section);
        }

        String session = agent.cookie("console_session");
        HttpResponse<String> out = agent.submit("/console/", "/console/logout", Map.of());
        assertEquals("/console/login?why=out", location(out));
        assertEquals("\"cache\", \"storage\"", out.headers().firstValue("Clear-Site-Data").orElse(""));
        assertEquals(null, agent.cookie("console_session"), "the session cookie is deleted");
        agent.cookie("console_session", session);
        assertEquals("/console/login?why=ended", location(agent.get("/console/")), "a logged-out session is gone");
    }

    @Test
    void aPasswordAnAdminSetMustChangeBeforeAnythingElse() throws Exception {
        console.createStaff("ana@example.com", "Ana Second", "ADMIN", List.of(), "a phrase an admin picked");
        Agent agent = console.agent();
        HttpResponse<String> in = agent.logIn("ana@example.com", "a phrase an admin picked");
        assertEquals("/console/password", location(in), "a password the admin did not choose must change first");
        assertEquals("/console/password", location(agent.get("/console/staff")), "nothing else until it changes");
        assertTrue(agent.get("/console/password").body().contains("id=\"forced\""));

        HttpResponse<String> mismatch = agent.submit("/console/password", "/console/password", Map.of("current",
                "a phrase an admin picked", "new", "a phrase of ana's own", "confirm", "something else entirely"));
        assertEquals(422, mismatch.statusCode());
        assertTrue(mismatch.body().contains("Type the same new password twice."), mismatch.body());
        HttpResponse<String> weak = agent.submit("/console/password", "/console/password", Map.of("current",
                "a phrase an admin picked", "new", "short", "confirm", "short"));
        assertEquals(422, weak.statusCode(), "the core's policy, next to the field");
        assertTrue(weak.body().contains("at least 12 characters"), weak.body());
        assertTrue(weak.body().contains("aria-describedby=\"new-hint new-error\""), weak.body());
        HttpResponse<String> changed = agent.submit("/console/password", "/console/password", Map.of("current",
                "a phrase an admin picked", "new", "a phrase of my very own", "confirm", "a phrase of my very own"));
        assertEquals("/console/", location(changed));
        assertTrue(agent.get("/console/").body().contains("Your password is changed."), "the change is confirmed");
        assertFalse(agent.get("/console/").body().contains("Your password is changed."), "once");
    }

    @Test
    void eachRoleIsLetIntoItsSectionsOnly() throws Exception {
        console.createStaff("cass@example.com", "Cass Till", "CASHIER", List.of(), "a first phrase for the till");
        console.createStaff("mona@example.com", "Mona Store", "STORE_MANAGER", List.of("S001"),
                "a first phrase for the store");

        Agent cashier = console.agent();
        cashier.logInChanging("cass@example.com", "a first phrase for the till", "she picks her own phrase");
        assertEquals("/console/members", location(cashier.get("/console/")), "a cashier's first page is Members");
        HttpResponse<String> members = cashier.get("/console/members");
        assertEquals(200, members.statusCode());
        assertTrue(members.body().contains("data-section=\"MEMBERS\""));
        for (String hidden : List.of("DASHBOARD", "STAFF", "AUDIT", "EXPORTS", "CAMPAIGNS", "PROGRAM")) {
            assertFalse(members.body().contains("data-section=\"" + hidden + "\""), "a cashier is not shown " + hidden);
        }
        for (String path : List.of("/console/staff", "/console/audit", "/console/exports", "/console/campaigns")) {
            HttpResponse<String> refused = cashier.get(path);
            assertEquals(403, refused.statusCode(), path);
            assertTrue(refused.body().contains("Not for your role"), refused.body());
        }

        Agent manager = console.agent();
        manager.logInChanging("mona@example.com", "a first phrase for the store", "she picks a phrase of her own");
        HttpResponse<String> dashboard = manager.get("/console/");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("<span id=\"who-stores\">S001</span>"), dashboard.body());
        assertTrue(dashboard.body().contains("data-section=\"EXPORTS\""));
        assertFalse(dashboard.body().contains("data-section=\"STAFF\""));
        assertEquals(403, manager.get("/console/staff").statusCode());
        assertEquals(403, manager.get("/console/audit").statusCode());
        assertEquals(200, manager.get("/console/exports").statusCode());
    }

    @Test
    void aSessionEndsHereWhenTheCoresWouldAndWrongPasswordsLockTheAccount() throws Exception {
        console.createStaff("ida@example.com", "Ida Idle", "CASHIER", List.of(), "a first phrase for the idler");
        Agent agent = console.agent();
        agent.logInChanging("ida@example.com", "a first phrase for the idler", "the idler picks a phrase");
        assertEquals(200, agent.get("/console/members").statusCode());
        CLOCK.advance(Duration.ofMinutes(31));
        HttpResponse<String> idle = agent.get("/console/members");
        assertEquals("/console/login?why=idle", location(idle), "30 minutes without a request, as the core's");
        assertTrue(agent.get(location(idle)).body().contains("You were logged out after a while without activity"));

        console.createStaff("lock@example.com", "Lou Lock", "CASHIER", List.of(), "a first phrase for the guesser");
        Agent guesser = console.agent();
        for (int i = 0; i < 5; i++) {
            assertEquals(422, guesser.logIn("lock@example.com", "a wrong guess number " + i).statusCode());
        }
        HttpResponse<String> locked = guesser.logIn("lock@example.com", "a first phrase for the guesser");
        assertEquals(429, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("This account is locked after too many wrong passwords. Try again in 1 minute"),
                locked.body());
    }
}
