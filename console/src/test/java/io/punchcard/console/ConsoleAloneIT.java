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
        assertTrue(dashboard.body().contains("id=\"figure-members\"") && dashboard.body().contains("Every store,"),
                "the core's KPIs of every store: " + dashboard.body());
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
        HttpResponse<String> noDashboard = cashier.get("/console/");
        assertEquals(403, noDashboard.statusCode(), "a cashier reads no KPIs");
        assertTrue(noDashboard.body().contains("Not for your role"), noDashboard.body());
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
        assertTrue(dashboard.body().contains("Store S001,"), "a store manager's KPIs are their store's");
        assertFalse(dashboard.body().contains("Every store"), dashboard.body());
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

    @Test
    void anAdminAddsAStoreManagerChangesThemAndTheAuditShowsWhatChanged() throws Exception {
        Agent boss = console.agent();
        assertEquals("/console/", location(boss.logIn(BOSS, BOSS_OWN)));
        HttpResponse<String> list = boss.get("/console/staff");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("data-email=\"boss@example.com\""), list.body());

        Map<String, String> nina = Map.of("email", "nina@example.com", "name", "Nina North", "role", "STORE_MANAGER",
                "stores", "");
        HttpResponse<String> noStore = boss.submit("/console/staff", "/console/staff", nina);
        assertEquals(422, noStore.statusCode());
        assertTrue(noStore.body().contains("A store manager manages at least one store"), noStore.body());
        HttpResponse<String> unknownStore = boss.submit("/console/staff", "/console/staff",
                with(nina, "stores", "S999"));
        assertEquals(422, unknownStore.statusCode(), "the core's refusal, next to the field");
        assertTrue(unknownStore.body().contains("'S999' is not a store of the program."), unknownStore.body());
        assertTrue(unknownStore.body().contains("value=\"Nina North\""), "what was typed is kept");

        HttpResponse<String> created = boss.submit("/console/staff", "/console/staff", with(nina, "stores", "S001"));
        assertEquals(200, created.statusCode(), created.body());
        String oneTime = between(created.body(), "<span class=\"secret\" id=\"one-time-password\">", "</span>");
        assertTrue(oneTime.matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}"), oneTime);
        HttpResponse<String> taken = boss.submit("/console/staff", "/console/staff", with(nina, "stores", "S001"));
        assertEquals(422, taken.statusCode(), "a second account with the e-mail");

        Agent manager = console.agent();
        manager.logInChanging("nina@example.com", oneTime, "a phrase she chose herself");
        assertEquals(200, manager.get("/console/exports").statusCode());

        java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"/console/staff/([0-9a-f-]{36})\">Nina North")
                .matcher(boss.get("/console/staff").body());
        assertTrue(link.find(), "Nina is listed");
        String id = link.group(1);
        HttpResponse<String> changed = boss.submit("/console/staff/" + id, "/console/staff/" + id, Map.of("name",
                "Nina North", "role", "CASHIER", "stores", ""));
        assertEquals("/console/staff", location(changed), changed.body());
        CLOCK.advance(Duration.ofSeconds(61));
        assertEquals(403, manager.get("/console/exports").statusCode(), "a demotion reaches the pages within a minute");
        assertEquals(403, manager.get("/console/").statusCode(), "a cashier now: no dashboard");
        HttpResponse<String> reset = boss.submit("/console/staff/" + id, "/console/staff/" + id + "/password",
                Map.of());
        assertEquals(200, reset.statusCode(), reset.body());
        assertFalse(between(reset.body(), "id=\"one-time-password\">", "</span>").equals(oneTime));

        HttpResponse<String> audit = boss.get("/console/audit?action=staff.create");
        assertEquals(200, audit.statusCode(), audit.body());
        assertTrue(audit.body().contains("<td>Nina North (nina@example.com)</td>"), "the target by name: " + audit.body());
        assertTrue(audit.body().contains("<strong>role</strong>:"), audit.body());
        assertTrue(audit.body().contains("STORE_MANAGER</ins>"), "a creation shows the new values: " + audit.body());
        assertFalse(audit.body().contains("data-action=\"staff.update\""), "the action filter holds");
        HttpResponse<String> updates = boss.get("/console/audit?action=staff.update&from=2026-12-01");
        assertTrue(updates.body().contains("STORE_MANAGER</del>") && updates.body().contains("CASHIER</ins>"),
                "an update shows what changed: " + updates.body());
        java.util.regex.Matcher toAudit = java.util.regex.Pattern.compile("href=\"([^\"]*)\" id=\"staff-audit\"")
                .matcher(boss.get("/console/staff/" + id).body());
        assertTrue(toAudit.find(), "the account's page links to its audit");
        String auditLink = toAudit.group(1);
        assertEquals("/console/audit?target=staff%3A" + id, auditLink, "':' is escaped, as a query needs it");
        HttpResponse<String> about = boss.get(auditLink);
        assertTrue(about.body().contains("data-action=\"staff.update\"")
                && about.body().contains("data-action=\"staff.password-reset\""), about.body());
        assertTrue(boss.get("/console/audit").body().contains("<td>command line</td>"), "the first admin's creation");
        assertFalse(about.body().contains("<td>command line</td>"), "not about Nina, so not listed: " + about.body());
        assertEquals(422, boss.get("/console/audit?target=%3Cscript%3E").statusCode());
        HttpResponse<String> badDay = boss.get("/console/audit?from=yesterday");
        assertEquals(422, badDay.statusCode());
        assertTrue(badDay.body().contains("href=\"#from\""), badDay.body());
    }

    @Test
    void exportsStreamEveryPageAsCsvAndAStoreManagerOnlyTheirStore() throws Exception {
        for (String[] member : new String[][] {{"Ana", "Silva", "S001", "8001"}, {"=HYPERLINK(\"x\")", "Evil", "S001",
                "8002"}, {"Bea", "Web", "WEB", "8003"}}) {
            var enrolled = console.admin().enroll(new io.punchcard.api.v1.EnrollMember(member[0], member[1], null, null,
                    member[3], null, null, "en", null, "POS", member[2], null, null, null));
            io.punchcard.api.v1.PurchaseSource source = member[2].equals("WEB")
                    ? new io.punchcard.api.v1.PurchaseSource("ONLINE", "WEB", null, "shopify:console")
                    : new io.punchcard.api.v1.PurchaseSource("POS", member[2], "T1", null);
            console.admin().recordPurchase(new io.punchcard.api.v1.RecordPurchase(source, "sale-" + member[3], io.punchcard.api.v1.MemberRef.card(member[3]),
                    CLOCK.instant().minus(Duration.ofHours(1)), "EUR", List.of(new io.punchcard.api.v1.PurchaseLine(
                    "SKU", "shirts", java.math.BigDecimal.ONE, 1999L, 0L)), null, null, null, 1999L, null, null));
            assertTrue(enrolled.id() != null);
        }
        Agent boss = console.agent();
        boss.logIn(BOSS, BOSS_OWN);
        HttpResponse<String> all = boss.get("/console/exports/members.csv");
        assertEquals(200, all.statusCode(), all.body());
        assertEquals("text/csv; charset=utf-8", all.headers().firstValue("Content-Type").orElse(""));
        assertTrue(all.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"members-"));
        List<String> lines = all.body().lines().toList();
        assertTrue(lines.getFirst().startsWith("id,givenName,familyName,email"), lines.getFirst());
        assertEquals(4, lines.size(), "three members over two pages of two: " + all.body());
        assertTrue(all.body().contains(",\"'=HYPERLINK(\"\"x\"\")\",Evil,"), "a formula is defused: " + all.body());

        HttpResponse<String> purchases = boss.get("/console/exports/purchases.csv?store=&from=2026-12-01&to="
                + CLOCK.instant().toString().substring(0, 10));
        assertEquals(200, purchases.statusCode(), purchases.body());
        assertEquals(4, purchases.body().lines().count(), purchases.body());
        assertTrue(purchases.body().contains(",EUR,1999,"), purchases.body());
        HttpResponse<String> backwards = boss.get("/console/exports/purchases.csv?from=2026-12-07&to=2026-12-01");
        assertEquals(422, backwards.statusCode());
        assertTrue(backwards.body().contains("The last day is on or after the first day."), backwards.body());

        console.createStaff("stella@example.com", "Stella Store", "STORE_MANAGER", List.of("S001"),
                "a first phrase for the manager");
        Agent manager = console.agent();
        manager.logInChanging("stella@example.com", "a first phrase for the manager", "a store's own phrase");
        HttpResponse<String> page = manager.get("/console/exports");
        assertFalse(page.body().contains("Every store"), "a store manager exports their own stores only");
        HttpResponse<String> theirs = manager.get("/console/exports/purchases.csv?from=2026-12-01&to=2026-12-31");
        assertEquals(3, theirs.body().lines().count(), "S001's two sales: " + theirs.body());
        assertFalse(theirs.body().contains(",WEB,"), theirs.body());
        HttpResponse<String> other = manager.get("/console/exports/members.csv?store=WEB");
        assertEquals(422, other.statusCode(), "another store is refused before the core is asked");
        assertTrue(other.body().contains("Choose one of your stores."), other.body());
    }

    @Test
    void garbageFormsAndQueriesAreAFriendlyPageNeverAFailure() throws Exception {
        Agent boss = console.agent();
        boss.logIn(BOSS, BOSS_OWN);
        String csrf = Agent.csrf(boss.get("/console/staff").body());
        String id = console.admin().staff().getFirst().id().toString();
        String large = "_csrf=" + csrf + "&name=" + "x".repeat(20_000);
        for (String path : List.of("/console/login", "/console/password", "/console/staff", "/console/staff/" + id,
                "/console/staff/" + id + "/password", "/console/logout")) {
            for (String[] sent : new String[][] {{"application/json", "{\"_csrf\":\"" + csrf + "\"}"},
                    {"application/x-www-form-urlencoded", "_csrf=" + csrf + "&name=%zz"},
                    {"application/x-www-form-urlencoded", "_csrf=" + csrf + "&name=a&name=b"},
                    {"application/x-www-form-urlencoded", "_csrf=" + csrf + "&name=%00"},
                    {"application/x-www-form-urlencoded", "name=no-token"},
                    {"application/x-www-form-urlencoded", large}}) {
                HttpResponse<String> answer = boss.postRaw(path, sent[0], sent[1]);
                assertTrue(List.of(400, 403, 413, 415).contains(answer.statusCode()),
                        path + " " + sent[1].substring(0, Math.min(40, sent[1].length())) + ": " + answer.statusCode()
                                + " " + answer.body());
                assertTrue(answer.body().contains("<h1>") && !answer.body().contains("Exception"), answer.body());
            }
        }
        assertEquals(200, boss.get("/console/").statusCode(), "the session outlived the garbage");
        for (String path : List.of("/console/audit?from=2026-13-45", "/console/audit?actor=nobody",
                "/console/exports/purchases.csv?from=soon&to=later", "/console/exports/members.csv?store=%3Cscript%3E")) {
            HttpResponse<String> answer = boss.get(path);
            assertEquals(422, answer.statusCode(), path + " " + answer.body());
            assertTrue(answer.body().contains("There is a problem"), answer.body());
        }
        assertEquals(404, boss.get("/console/staff/not-an-id").statusCode());
        assertEquals(404, boss.get("/console/no-such-page").statusCode());
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> changed = new java.util.LinkedHashMap<>(fields);
        changed.put(name, value);
        return changed;
    }

    private static String between(String text, String before, String after) {
        int start = text.indexOf(before);
        assertTrue(start >= 0, "no " + before + " in " + text);
        int end = text.indexOf(after, start + before.length());
        assertTrue(end >= 0, "no " + after + " after " + before);
        return text.substring(start + before.length(), end);
    }
}