package io.punchcard.console;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Browser;
import io.punchcard.testsupport.Browser.Orientation;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (Debian's headless Chromium), as its three kinds of users meet it: each logs in, sees
 * the sections of their role and no other, and axe-core finds nothing serious or critical on any page. The admin adds
 * a store manager, whose one-time password then logs them in, and the audit trail shows the {@code staff.create}.
 * The dashboard draws its seven charts (Chart.js under the page's CSP) from a few sales.
 * Every page is saved under {@code console/target/screenshots} ({@code console-<page>.png}) for review. One browser
 * and one core for the class: a few logins, each page loaded once.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ConsoleBrowserIT {

    private static final String ADMIN = "admin@example.com";
    private static final String ADMIN_PASSWORD = "a long phrase typed at the terminal";

    private static ConsoleUnderTest console;
    private static Browser browser;

    @BeforeAll
    static void start(TestPostgres database) {
        console = ConsoleUnderTest.start(database, Clock.systemUTC());
        console.createAdmin(ADMIN, "Ada Admin", ADMIN_PASSWORD);
        console.createStaff("carl@example.com", "Carl Cashier", "CASHIER", List.of(), "a first phrase for the till");
        // Something for the dashboard's charts to draw: a member's two sales and an anonymous one, counted at once.
        console.admin().enroll(new EnrollMember("Bea", "Buyer", null, null, "MEM0900", null, null, "en", null, "POS",
                "S001", null, null, null));
        sale("b-1", MemberRef.card("MEM0900"), 4250);
        sale("b-2", MemberRef.card("MEM0900"), 1999);
        sale("anon-1", null, 1200);
        console.admin().rebuildKpis();
        browser = Browser.start(Orientation.LANDSCAPE, "en");
    }

    private static void sale(String id, MemberRef member, long totalMinor) {
        console.admin().recordPurchase(new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null), id, member,
                Instant.now(), "EUR", List.of(new PurchaseLine("TEE", "shirts", BigDecimal.ONE, totalMinor, 0L)), null,
                null, null, totalMinor, null, null, null));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void eachRoleSeesItsOwnSectionsAndTheAdminsNewManagerIsAudited() {
        open("/console/");
        expect("Log in to the console");
        look("login");

        logIn(ADMIN, "not the right phrase");
        expect("Log in to the console");
        assertTrue(element(".error-summary a[href='#password']").isDisplayed(), "the summary links to the field");
        assertEquals("error-summary", browser.driver().switchTo().activeElement().getAttribute("id"),
                "the focus is on the summary, so a screen reader reads it first");
        assertEquals("true", element("#password").getAttribute("aria-invalid"));
        look("login-error");

        logIn(ADMIN, ADMIN_PASSWORD);
        expect("Dashboard");
        assertEquals(List.of("DASHBOARD", "MEMBERS", "CAMPAIGNS", "PROGRAM", "STAFF", "AUDIT", "EXPORTS"), sections());
        assertEquals("Ada Admin", element("#who-name").getText());
        assertEquals("3", element("#figure-purchases .figure-value").getText());
        List<WebElement> charts = browser.driver().findElements(By.cssSelector("canvas[data-chart]"));
        assertEquals(6, charts.size(), "every chart but the tier moves', of which there are none");
        browser.await().until(driver -> browser.driver().executeScript("return typeof Chart !== 'undefined' && "
                + "[...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c))"));
        look("dashboard-admin");

        click("#sections a[data-section=STAFF]");
        expect("Staff");
        look("staff");
        type("#email", "mia@example.com");
        type("#name", "Mia Manager");
        new Select(element("#role")).selectByValue("STORE_MANAGER");
        type("#stores", "S001");
        click("#create-staff");
        expect("Account created");
        String oneTime = element("#one-time-password").getText();
        assertTrue(oneTime.matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}"), oneTime);
        look("staff-created");

        click("#sections a[data-section=AUDIT]");
        expect("Audit trail");
        WebElement unfiltered = element("#audit-list");
        new Select(element("#action")).selectByValue("staff.create");
        click("#filter-audit");
        // The filtered page replaces the list (htmx swaps the body): wait for that, not for text the old one had.
        browser.await().until(ExpectedConditions.stalenessOf(unfiltered));
        String created = element("#audit-list tr[data-action='staff.create']").getText();
        assertTrue(created.contains("Mia Manager (mia@example.com)"), created);
        assertTrue(created.contains("STORE_MANAGER"), created);
        assertTrue(browser.driver().findElements(By.cssSelector("#audit-list tr[data-action='staff.update']")).isEmpty(),
                "only creations are listed");
        look("audit");

        click("#sections a[data-section=EXPORTS]");
        expect("Exports");
        look("exports-admin");
        logOut();

        logIn("mia@example.com", oneTime);
        expect("Choose your own password");
        look("password-forced");
        choosePassword(oneTime, "a phrase of her very own");
        expect("Dashboard");
        assertEquals(List.of("DASHBOARD", "MEMBERS", "CAMPAIGNS", "PROGRAM", "EXPORTS"), sections());
        assertEquals("S001", element("#who-stores").getText());
        look("dashboard-store-manager");
        open("/console/staff");
        expect("Not for your role");
        look("forbidden");
        logOut();

        logIn("carl@example.com", "a first phrase for the till");
        expect("Choose your own password");
        choosePassword("a first phrase for the till", "a phrase of his very own");
        expect("Members");
        assertEquals(List.of("MEMBERS"), sections());
        look("members-cashier");
        logOut();
    }

    private static void open(String path) {
        browser.open(URI.create(console.base() + path));
    }

    private static void logIn(String email, String password) {
        if (browser.driver().findElements(By.id("login")).isEmpty()) {
            open("/console/login");
        }
        type("#email", email);
        type("#password", password);
        click("#login");
    }

    private static void logOut() {
        click("#logout");
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "You are logged out."));
    }

    private static void choosePassword(String current, String chosen) {
        type("#current", current);
        type("#new", chosen);
        type("#confirm", chosen);
        click("#change-password");
    }

    /** Waits until the page's heading is {@code title}. */
    private static void expect(String title) {
        browser.await().until(ExpectedConditions.textToBe(By.cssSelector("main h1"), title));
    }

    /** The sections the navigation links, in order. */
    private static List<String> sections() {
        return browser.driver().findElements(By.cssSelector("#sections a")).stream()
                .map(link -> link.getAttribute("data-section")).toList();
    }

    /** Screenshot and accessibility check of the page as it is. */
    private static void look(String name) {
        browser.screenshot("console-" + name);
        browser.assertAccessible(name);
    }

    private static WebElement element(String css) {
        return browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void type(String css, String text) {
        WebElement field = element(css);
        field.clear();
        field.sendKeys(text);
    }

    private static void click(String css) {
        browser.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }
}
