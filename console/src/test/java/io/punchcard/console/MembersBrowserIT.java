package io.punchcard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.testsupport.Browser;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The Members pages in a real browser (Debian's headless Chromium), as staff at a desk meet them: an admin finds a
 * member, leaves out the reason of an adjustment and is shown where, adjusts and finds the entry in the ledger and
 * the audit, and looks at the duplicates queue; a cashier finds the same member and sees no way to adjust or erase. axe-core finds
 * nothing serious on any of these pages (eight); each is saved under {@code console/target/screenshots}
 * ({@code console-members-<page>.png}).
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class MembersBrowserIT {

    private static final String PASSWORD = "browser members phrase";

    private static ConsoleUnderTest console;
    private static Browser browser;
    private static Desk desk;
    private static UUID member;

    @BeforeAll
    static void start(TestPostgres postgres) {
        console = ConsoleUnderTest.start(postgres, Clock.systemUTC());
        console.createAdmin("ada@example.com", "Ada Admin", PASSWORD);
        assertTrue(console.core().staffAccounts().create(Actor.CLI, new StaffAccounts.NewAccount("cai@example.com",
                "Cai Cashier", StaffRole.CASHIER, List.of(), PASSWORD), false) instanceof StaffAccounts.Done);
        member = console.admin().enroll(new EnrollMember("Ana", "Silva", "+4915112349001", "ana@example.com",
                "WEB0001", null, null, "en", null, "POS", "S001", null, Map.of("email",
                new Consent(true, "till", null, null)), null)).id();
        console.admin().enroll(new EnrollMember("Ana", "S.", "+4915112349002", null, "WEB0002", null, null, "en",
                null, "POS", "S001", null, null, null));
        console.admin().resolve(new ResolveCustomer("shopify:9001", "ana@example.com", "+4915112349002", "Ana",
                "Silva", null, "ONLINE", "WEB"));
        browser = Browser.start(Browser.Orientation.LANDSCAPE, "en");
        desk = new Desk(browser, console.base(), "console-members-", PASSWORD);
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
    void anAdminAdjustsPointsAndFindsTheEntryInTheLedgerWhileACashierCannot() {
        logIn("ada@example.com");
        WebElement results = search("WEB0001", "admin");
        results.findElement(By.linkText("Ana Silva")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("adjust-form")));
        look("member", "the member's page");

        type("points", "40");
        click("adjust");
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("error-summary")));
        WebElement error = browser.driver().findElement(By.id("reason-error"));
        assertTrue(error.isDisplayed() && !error.getText().isBlank(), "the reason's error is shown beside it");
        assertEquals("40", browser.driver().findElement(By.id("points")).getAttribute("value"), "kept as typed");
        look("member-adjust-error", "the member's page, with an adjustment's error");

        type("reason", "Voucher not accepted at the till");
        click("adjust");
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        String ledger = browser.driver().findElement(By.id("ledger")).getText();
        assertTrue(ledger.contains("Voucher not accepted at the till") && ledger.contains("+40")
                && ledger.contains("ada@example.com"), ledger);
        String audit = browser.driver().findElement(By.id("audit")).getText();
        assertTrue(audit.contains("Points adjusted") && audit.contains("Voucher not accepted at the till"), audit);
        look("member-adjusted", "the member's page, after an adjustment");

        browser.open(URI.create(console.base() + "/console/members/duplicates"));
        look("duplicates", "the suspected duplicates");
        browser.driver().findElement(By.cssSelector("#pairs a")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("compare")));
        assertTrue(browser.driver().findElement(By.id("compare")).getText().contains("WEB0002"));
        look("duplicate", "the comparison of a suspected pair");

        click("logout");
        logIn("cai@example.com");
        search("WEB0001", "cashier").findElement(By.linkText("Ana Silva")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("points-available")));
        for (String absent : List.of("adjust-form", "erase-form", "export", "ledger")) {
            assertTrue(browser.driver().findElements(By.id(absent)).isEmpty(), absent + " is not shown to a cashier");
        }
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/members/" + member));
        look("member-cashier", "the member's page, for a cashier");
    }

    private static void logIn(String email) {
        desk.logIn(email);
    }

    /** Searches from the Members page; its results, looked at. */
    private static WebElement search(String words, String who) {
        browser.driver().findElement(By.cssSelector("a[data-section=MEMBERS]")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
        type("q", words);
        click("search");
        WebElement results = browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        look("search-" + who, "the search, for the " + who);
        return results;
    }

    private static void type(String id, String text) {
        desk.type(id, text);
    }

    private static void click(String id) {
        desk.click(id);
    }

    private static void look(String name, String screen) {
        desk.look(name, screen);
    }
}
