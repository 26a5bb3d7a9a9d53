package io.punchcard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The dashboard against a real core: a few enrolments and sales at two stores, the rollups rebuilt from them, and the
 * page's figures equal to what the test adds up from the sales it made — per store and for every store, with the
 * cohorts' heat map and the months' CSV; a store manager offered only their store, a cashier none.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class DashboardIT {

    private static final String PASSWORD = "dashboard pages phrase";

    /** S001's receipts: a member's two and another member's one, then an anonymous one. */
    private static final long[] MEMBER_SALES_S001 = {3998, 1000, 2500};
    private static final long ANONYMOUS_SALE_S001 = 1500;
    private static final long MEMBER_SALE_WEB = 2000;

    private static ConsoleUnderTest console;
    private static Agent ada;
    private static Agent sam;
    private static Agent cai;
    private static String month;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        console = ConsoleUnderTest.start(postgres, Clock.systemUTC());
        console.createAdmin("ada@example.com", "Ada Admin", PASSWORD);
        console.createStaff("sam@example.com", "Sam Manager", "STORE_MANAGER", List.of("S001"), "the store's first phrase");
        console.createStaff("cai@example.com", "Cai Cashier", "CASHIER", List.of(), "the till's first phrase");
        enroll("MEM0101", "S001");
        enroll("MEM0102", "S001");
        enroll("MEM0201", "WEB");
        // Sales now, so every figure falls in this month, the last of the default period.
        sale("S001", "a-1", "MEM0101", MEMBER_SALES_S001[0]);
        sale("S001", "a-2", "MEM0101", MEMBER_SALES_S001[1]);
        sale("S001", "b-1", "MEM0102", MEMBER_SALES_S001[2]);
        sale("S001", "anon-1", null, ANONYMOUS_SALE_S001);
        sale("WEB", "c-1", "MEM0201", MEMBER_SALE_WEB);
        console.admin().rebuildKpis();
        // Months are the program's time zone's (the default program's), not UTC's.
        month = YearMonth.now(ZoneId.of("Europe/Berlin")).toString();
        ada = as("ada@example.com", null);
        sam = as("sam@example.com", "the store's first phrase");
        cai = as("cai@example.com", "the till's first phrase");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    private static void enroll(String card, String store) {
        console.admin().enroll(new EnrollMember("Member", card, null, null, card, null, null, "en", null, "POS", store,
                null, null, null));
    }

    private static void sale(String store, String id, String card, long totalMinor) {
        console.admin().recordPurchase(new RecordPurchase(new PurchaseSource("POS", store, "T1", null), id,
                card == null ? null : MemberRef.card(card), Instant.now(), "EUR", List.of(new PurchaseLine("TEE",
                "shirts", BigDecimal.ONE, totalMinor, 0L)), null, null, null, totalMinor, null, null, null));
    }

    private static Agent as(String email, String firstPassword) throws Exception {
        Agent agent = console.agent();
        if (firstPassword == null) {
            assertEquals(303, agent.logIn(email, PASSWORD).statusCode());
        } else {
            agent.logInChanging(email, firstPassword, PASSWORD);
        }
        return agent;
    }

    @Test
    void aStoresFiguresAreTheSumsOfItsSales() throws Exception {
        HttpResponse<String> page = ada.get("/console/?store=S001");
        assertEquals(200, page.statusCode(), page.body());
        String body = page.body();
        long memberSales = MEMBER_SALES_S001[0] + MEMBER_SALES_S001[1] + MEMBER_SALES_S001[2];
        long allSales = memberSales + ANONYMOUS_SALE_S001;

        assertEquals("2", figure(body, "members"));
        assertEquals("2", figure(body, "newMembers"));
        assertEquals("2", figure(body, "activeMembers"), "both of S001's members bought this month");
        assertEquals("4", figure(body, "purchases"));
        assertEquals(euros(allSales), figure(body, "salesMinor"));
        assertEquals(euros(Math.round(memberSales / 3.0)), figure(body, "atvMembersMinor"));
        assertEquals(euros(ANONYMOUS_SALE_S001), figure(body, "atvNonMembersMinor"));
        assertEquals(percent(memberSales / (double) allSales), figure(body, "memberSalesShare"));
        assertEquals(percent(1 / 2.0), figure(body, "repurchaseRate"), "one of the two bought twice");
        assertEquals("1.50", figure(body, "visitFrequency"), "three visits by two members");
        assertTrue(body.contains("<details class=\"definition\"><summary>Definition</summary><p>Sales recorded in "
                + "the period"), "each figure's definition, one click away");

        String cohort = between(body, "data-cohort=\"" + month + "\"", "</tr>");
        assertTrue(cohort.contains("100.0% <span class=\"count\">(2)</span>"), "both joined and bought: " + cohort);
        assertTrue(cohort.contains("heat-5"), "the darkest shade for all of them: " + cohort);
        assertTrue(body.contains("data-chart=\"{&#34;type&#34;:&#34;bar&#34;") || body.contains("data-chart=\"{&quot;"),
                "the charts' data in attributes, for our script");
    }

    @Test
    void everyStoreAddsUpBothStoresAndTheMonthsExportSaysTheSame() throws Exception {
        String body = ada.get("/console/").body();
        long all = MEMBER_SALES_S001[0] + MEMBER_SALES_S001[1] + MEMBER_SALES_S001[2] + ANONYMOUS_SALE_S001
                + MEMBER_SALE_WEB;
        assertEquals("5", figure(body, "purchases"));
        assertEquals(euros(all), figure(body, "salesMinor"));
        assertTrue(body.contains("<option value=\"\" selected>Every store</option>")
                || body.contains("<option value=\"\">Every store</option>"), "an admin may read every store");

        HttpResponse<String> csv = ada.get("/console/kpis/months.csv?store=S001&from=" + month + "&to=" + month);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertTrue(lines[0].startsWith("month,newMembers,activeMembers,repeaters,visits,memberPurchases,"), lines[0]);
        long memberSales = MEMBER_SALES_S001[0] + MEMBER_SALES_S001[1] + MEMBER_SALES_S001[2];
        assertEquals(month + ",2,2,1,3,3,1," + memberSales + "," + ANONYMOUS_SALE_S001,
                String.join(",", List.of(lines[1].split(",")).subList(0, 9)));
        HttpResponse<String> cohorts = ada.get("/console/kpis/cohorts.csv?store=S001");
        assertTrue(cohorts.body().contains(month + ",2,2"), cohorts.body());
        assertEquals(404, ada.get("/console/kpis/secrets.csv").statusCode());
    }

    @Test
    void aStoreManagerIsOfferedTheirStoreOnlyAndACashierNoDashboard() throws Exception {
        String body = sam.get("/console/").body();
        assertTrue(body.contains("<option value=\"S001\" selected>S001</option>"), body);
        assertFalse(body.contains("Every store</option>"), "a manager reads their stores only");
        assertEquals("4", figure(body, "purchases"), "their store's by default");

        HttpResponse<String> other = sam.get("/console/?store=WEB");
        assertEquals(422, other.statusCode());
        assertTrue(other.body().contains("href=\"#store\""), "the summary names the store field");
        assertEquals(422, sam.get("/console/kpis/months.csv?store=WEB").statusCode(),
                "the CSV of another store is refused too");

        HttpResponse<String> badPeriod = ada.get("/console/?from=2026-13&to=2026-01");
        assertEquals(422, badPeriod.statusCode());
        assertTrue(badPeriod.body().contains("href=\"#from\""), badPeriod.body());

        HttpResponse<String> cashier = cai.get("/console/");
        assertEquals(403, cashier.statusCode());
        assertTrue(cashier.body().contains("Not for your role"));
        assertEquals(403, cai.get("/console/kpis/months.csv").statusCode());
    }

    private static String figure(String body, String key) {
        Matcher value = Pattern.compile("data-figure=\"" + key + "\">\\s*<span class=\"figure-label\">[^<]*</span>\\s*"
                + "<span class=\"figure-value\">([^<]*)</span>").matcher(body);
        assertTrue(value.find(), "the figure " + key + " is shown");
        return value.group(1);
    }

    private static String euros(long minor) {
        return String.format(Locale.UK, "€%,.2f", minor / 100.0);
    }

    private static String percent(double ratio) {
        return String.format(Locale.UK, "%.1f%%", ratio * 100);
    }

    private static String between(String body, String start, String end) {
        int from = body.indexOf(start);
        assertTrue(from >= 0, start);
        return body.substring(from, body.indexOf(end, from));
    }
}
