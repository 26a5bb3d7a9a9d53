package io.punchcard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Browser;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The Campaigns and Program pages in a real browser (Debian's headless Chromium): an admin makes a draft from a
 * starter, answers the audience's questions and sees htmx put the scheduler's count in place without a reload, starts
 * the campaign; then changes a reward with a bad price, is shown where, saves a good one and opens the version it
 * made. axe-core finds nothing serious on any of these pages; each is saved under {@code console/target/screenshots}
 * ({@code console-campaigns-<page>.png}).
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CampaignsBrowserIT {

    private static final String PASSWORD = "browser campaigns phrase";

    private static ConsoleUnderTest console;
    private static Browser browser;
    private static Desk desk;

    @BeforeAll
    static void start(TestPostgres postgres) {
        console = ConsoleUnderTest.start(postgres, Clock.systemUTC(), true);
        console.createAdmin("ada@example.com", "Ada Admin", PASSWORD);
        console.admin().enroll(new EnrollMember("Ana", "Silva", "+4915112348001", "ana@example.com", "CMP0001", null,
                null, "en", null, "POS", "S001", null, Map.of("email", new Consent(true, "till", null, null)), null));
        console.admin().enroll(new EnrollMember("Ben", "Roth", "+4915112348002", null, "CMP0002", null, null, "de",
                null, "POS", "S001", null, null, null));
        browser = Browser.start(Browser.Orientation.LANDSCAPE, "en");
        desk = new Desk(browser, console.base(), "console-campaigns-", PASSWORD);
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
    void anAdminStartsACampaignForACountedAudienceAndChangesTheProgram() {
        desk.logIn("ada@example.com");
        browser.driver().findElement(By.cssSelector("a[data-section=CAMPAIGNS]")).click();
        desk.waitFor("new-campaign");
        desk.look("list-empty", "the campaigns, none yet");

        desk.click("starter-win-back");
        desk.type("id", "win-back");
        desk.click("create-campaign");
        assertEquals("DRAFT", desk.waitFor("campaign-status").getText());
        desk.look("draft", "a draft made from a starter");

        // The scheduler learns the members from the core's feed within moments: answer again until it has. A change
        // event needs another value than at focus, hence the space that comes and goes (the builder strips it).
        // A mark on the window survives htmx's swap but not a page load.
        browser.driver().executeScript("window.countedInPlace = true;");
        int[] tries = {0};
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(700))
                .ignoring(StaleElementReferenceException.class).until(driver -> {
                    if (driver.findElement(By.id("audience-count")).getText().contains("1 member match")) {
                        return true;
                    }
                    desk.type("languages", (tries[0]++ % 2 == 0 ? "en" : " en") + Keys.TAB);
                    return false;
                });
        assertEquals(Boolean.TRUE, browser.driver().executeScript("return window.countedInPlace === true;"),
                "the count came in place, not with a new page");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/campaigns/win-back"), "htmx, not a reload");
        desk.look("audience-counted", "the audience with its live count");

        desk.click("save-audience");
        desk.waitFor("notice");
        desk.click("move-schedule");
        desk.waitFor("notice");
        assertEquals("RUNNING", desk.text("campaign-status"));
        assertTrue(desk.text("results-summary").length() > 10, "the results' sentence");
        desk.look("running", "a running campaign with its results");

        desk.open("/console/program");
        desk.waitFor("rewards-list");
        desk.look("program", "the program");
        browser.driver().findElement(By.linkText("FIVE-OFF-500")).click();
        desk.waitFor("entry-form");
        desk.type("pointsPrice", "-5");
        desk.click("save-entry");
        desk.waitFor("error-summary");
        assertTrue(browser.driver().findElement(By.id("pointsPrice-error")).isDisplayed(), "the error beside the field");
        desk.look("program-error", "a reward with a bad price");

        desk.type("pointsPrice", "750");
        desk.click("save-entry");
        desk.waitFor("notice");
        browser.driver().findElement(By.cssSelector("#versions tbody a")).click();
        desk.waitFor("changes");
        assertTrue(desk.text("changes").contains("rewards[FIVE-OFF-500].pointsPrice"), desk.text("changes"));
        desk.look("program-version", "what a program version changed");
    }
}
