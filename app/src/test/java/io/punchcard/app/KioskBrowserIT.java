package io.punchcard.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import io.punchcard.testsupport.Browser;
import io.punchcard.testsupport.Browser.Orientation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static io.punchcard.app.DemoStoreIT.call;
import static io.punchcard.app.DemoStoreIT.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shoppers' kiosk in a real browser (Debian's headless Chromium), as a shopper at the screen meets it: joins,
 * sees the card, spends points on a reward whose voucher the till then accepts from the code read off the screen,
 * walks away and is signed out, and the back button shows nothing of them. Every screen is looked at in every
 * language — the switch keeps the screen, the words change, axe-core finds nothing serious — and saved as a
 * screenshot under {@code app/target/screenshots} ({@code kiosk-<screen>-<language>-<orientation>.png}) for review.
 * The pages' contract is {@code kiosk-dom.md}: ids, classes and {@code data-screen} names below are its words.
 */
class KioskBrowserIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<String> LANGUAGES = List.of("en", "de", "zh-Hans");
    private static final String PAIRING_SECRET = "kiosk-browser-it-pairing-secret-0001";
    /** The default program's only reward: a 5 € voucher for 500 points. */
    private static final String REWARD = "FIVE-OFF-500";
    private static final int REWARD_POINTS = 500;
    private static final Map<String, Properties> WORDS = new HashMap<>();
    private static final String PHONE = "+4915112345678";

    @TempDir
    Path folder;

    @Test
    void aShopperJoinsSpendsPointsOnAVoucherAndTheTillAcceptsTheCodeReadOffTheScreen() throws Exception {
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(kioskConfig(600, 15)));
             Browser browser = Browser.start(Orientation.PORTRAIT, "en")) {
            Kiosk kiosk = new Kiosk(app, browser);
            String banner = String.join("\n", app.banner());
            String till = find(banner, "Till T1\\s+(pt_\\S+)");
            String pos = find(banner, "POS API\\s+(http://localhost:\\d+)/pos/v1");

            browser.open(kiosk.base.resolve("/kiosk/"));
            kiosk.expect("unpaired");
            assertEquals(403, status(kiosk.base.resolve("/kiosk/")), "an unpaired browser is refused");
            assertTrue(browser.driver().findElements(By.cssSelector("form")).isEmpty(), "an unpaired screen has no form");
            // English only: the guard answers every path of an unpaired screen, /kiosk/language too, with this page in
            // the kiosk's default language, so its language links cannot switch (the page contract says they do).
            browser.screenshot("kiosk-unpaired-en-portrait");
            browser.assertAccessible("unpaired");

            browser.open(kiosk.pairing);
            kiosk.expect("start");
            assertEquals(browser.driver().findElement(By.id("scan")), browser.driver().switchTo().activeElement(),
                    "the scan field has the focus, so a scanner's keystrokes land in it");
            kiosk.everyLanguage("start", Orientation.PORTRAIT, Orientation.LANDSCAPE);

            kiosk.scan("NO-SUCH-CARD-42");
            kiosk.expect("start");
            kiosk.visible(".error[role=alert]");
            browser.screenshot("kiosk-start-unknown-code-en-portrait");
            browser.assertAccessible("start, after an unknown code");

            kiosk.click("#signup-start");
            kiosk.expect("signup");
            kiosk.everyLanguage("signup", Orientation.PORTRAIT, Orientation.LANDSCAPE);
            assertFalse(kiosk.element("#consent-email").isSelected(), "consent to e-mails is not ticked for the shopper");
            assertFalse(kiosk.element("#consent-sms").isSelected(), "consent to texts is not ticked for the shopper");
            assertFalse(kiosk.element("label[for=consent-email]").getText().isBlank(), "the e-mail consent's wording is shown");

            kiosk.type("#email", "mia.kowalski@example.com");
            // As a browser that does not check 'required' itself would send it: the server's errors are under test.
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelectorAll('form').forEach(f => f.noValidate = true);");
            kiosk.click("#signup-submit");
            kiosk.expect("signup");
            String describedBy = kiosk.element("#given-name[aria-describedby]").getAttribute("aria-describedby");
            WebElement error = kiosk.element("#" + describedBy.trim().split("\\s+")[0]);
            assertTrue(error.isDisplayed() && !error.getText().isBlank(), "the first name's error is shown");
            browser.screenshot("kiosk-signup-errors-en-portrait");
            browser.assertAccessible("signup, with an error");

            kiosk.type("#given-name", "Mia");
            kiosk.type("#family-name", "Kowalski");
            kiosk.type("#phone", PHONE);
            assertEquals("mia.kowalski@example.com", kiosk.element("#email").getAttribute("value"),
                    "what the shopper typed is kept when the form comes back with an error");
            kiosk.check("#consent-email");
            kiosk.click("#signup-submit");
            kiosk.expect("card");
            String cardNumber = kiosk.element("#card-number").getText().strip();
            assertFalse(cardNumber.isEmpty(), "the new card's number is shown");
            // The card number or the member's QR token: scanned at the start screen below, it must open home.
            String cardCode = browser.decodeQr(kiosk.element("#card-qr"));
            kiosk.everyLanguage("card", Orientation.PORTRAIT, Orientation.LANDSCAPE);

            kiosk.click("#to-home");
            kiosk.expect("home");
            assertTrue(browser.driver().getPageSource().contains("Mia"), "home greets the shopper");
            assertEquals(0, kiosk.number("#available-points"), "a new member has no points");

            JsonNode receipt = buyAtTheTill(pos, till, "KB-0001", cardNumber, 60_000, null);
            long earned = receipt.get("pointsEarned").asLong();
            assertTrue(earned >= REWARD_POINTS, "a 600 € coat earns enough for the reward: " + receipt);
            kiosk.reload("home");
            assertEquals(earned, kiosk.number("#available-points"), "the till's points are on the kiosk at once");
            assertFalse(kiosk.element("#purchases").getText().isBlank(), "the purchase is listed");
            assertFalse(kiosk.element("#tier").getText().isBlank(), "the tier is named");
            assertFalse(kiosk.element("#tier-progress").getText().isBlank(), "the way to the next tier is said");
            assertEquals(0, kiosk.all(".voucher").size(), "no voucher yet");
            browser.assertAccessible("home, without vouchers");

            kiosk.click(".reward[data-reward='" + REWARD + "'] .redeem");
            kiosk.expect("confirm");
            assertTrue(kiosk.text("#screen").contains(Integer.toString(REWARD_POINTS)), "the price in points is shown");
            kiosk.everyLanguage("confirm", Orientation.PORTRAIT, Orientation.LANDSCAPE);
            kiosk.click("#cancel-redeem");
            kiosk.expect("home");
            assertEquals(0, kiosk.all(".voucher").size(), "a cancelled redemption makes no voucher");

            kiosk.click(".reward[data-reward='" + REWARD + "'] .redeem");
            kiosk.expect("confirm");
            kiosk.click("#confirm-redeem");
            kiosk.expect("home");
            List<WebElement> vouchers = kiosk.all(".voucher");
            assertEquals(1, vouchers.size(), "one voucher for one redemption");
            WebElement voucher = vouchers.getFirst();
            String code = voucher.getAttribute("data-code");
            assertEquals(code, voucher.findElement(By.cssSelector(".voucher-code")).getText().strip());
            assertEquals(earned - REWARD_POINTS, kiosk.number("#available-points"), "the reward's price is taken");
            browser.screenshot("kiosk-home-voucher-en-portrait");
            String fromQr = browser.decodeQr(voucher.findElement(By.cssSelector(".voucher-qr")));
            assertEquals(code, fromQr, "the voucher's QR code, read off the screen, is its code");
            assertEquals(code, browser.decode(voucher.findElement(By.cssSelector(".voucher-barcode")),
                    BarcodeFormat.CODE_128), "the voucher's barcode, read off the screen, is its code");
            kiosk.everyLanguage("home", Orientation.PORTRAIT, Orientation.LANDSCAPE);

            JsonNode withVoucher = buyAtTheTill(pos, till, "KB-0002", cardNumber, 4_000, fromQr);
            assertEquals(List.of(fromQr), textList(withVoucher.get("vouchersUsed")), "the till took the voucher: "
                    + withVoucher);

            Map<String, String> headers = kiosk.headersOfThisPage();
            assertTrue(headers.getOrDefault("cache-control", "").contains("no-store"),
                    "personal pages are not kept by the browser: " + headers);
            assertTrue(browser.driver().manage().getCookies().size() >= 2, "a device cookie and a shopper's session");

            kiosk.click("#done");
            kiosk.expect("start");
            assertEquals(1, browser.driver().manage().getCookies().size(),
                    "only the device cookie is left: " + browser.driver().manage().getCookies());
            browser.driver().navigate().back();
            kiosk.expectOneOf("start", "ended");
            kiosk.assertNothingOf("Mia", "Kowalski", cardNumber, code);

            kiosk.scan(cardCode);
            kiosk.expect("home");
            assertTrue(browser.driver().getPageSource().contains("Mia"), "the card's QR code scanned at start opens home");
            kiosk.click("#done");
            kiosk.expect("start");

            kiosk.click("#phone-start");
            kiosk.expect("phone");
            kiosk.everyLanguage("phone", Orientation.PORTRAIT, Orientation.LANDSCAPE);
            kiosk.type("#phone", PHONE);
            kiosk.click("#send-code");
            kiosk.expect("code");
            assertFalse(browser.driver().getPageSource().contains(PHONE), "the number is shown masked only");
            kiosk.everyLanguage("code", Orientation.PORTRAIT, Orientation.LANDSCAPE);
            kiosk.type("#code", smsCode(Path.of(find(banner, "SMS log\\s+(\\S+)")), PHONE));
            kiosk.click("#check-code");
            kiosk.expect("home");
            assertTrue(browser.driver().getPageSource().contains("Mia"), "the texted code signs the member in");
            kiosk.click("#done");
            kiosk.expect("start");
        }
    }

    @Test
    void aShopperWhoWalksAwayIsWarnedThenSignedOutAndBackShowsNothingOfThem() throws Exception {
        int idleSeconds = 4;
        // Long enough for the test to look at the countdown, take a screenshot and press continue on a busy machine.
        int warningSeconds = 6;
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(kioskConfig(idleSeconds, warningSeconds)));
             Browser browser = Browser.start(Orientation.PORTRAIT, "en")) {
            Kiosk kiosk = new Kiosk(app, browser);
            String admin = find(String.join("\n", app.banner()), "Demo key\\s+(pk_\\S+)");
            String card = "KIOSK00042";
            call("http://127.0.0.1:" + app.port() + "/api/v1/members", admin, Map.of("givenName", "Jonas",
                    "familyName", "Brandt", "email", "jonas@example.com", "cardNumber", card, "joinChannel", "POS",
                    "joinStore", "S001"), 201);

            browser.open(kiosk.pairing);
            kiosk.expect("start");
            kiosk.scan(card);
            kiosk.expect("home");
            assertTrue(browser.driver().getPageSource().contains("Jonas"), "the scanned card opens its member's home");

            Duration patience = Duration.ofSeconds(idleSeconds + 5);
            WebElement warning = kiosk.element("#idle-warning");
            kiosk.waitFor("the idle warning", patience, d -> warning.isDisplayed());
            int first = kiosk.number("#idle-countdown");
            assertTrue(first <= warningSeconds && first > 0, "the countdown starts at most at " + warningSeconds + ": " + first);
            browser.screenshot("kiosk-idle-warning-en-portrait");
            kiosk.waitFor("the countdown to go down", patience, d -> kiosk.number("#idle-countdown") < first);
            kiosk.click("#idle-continue");
            kiosk.waitFor("the warning to go", patience, d -> !warning.isDisplayed());
            Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis() / 2);
            kiosk.expect("home");
            assertFalse(warning.isDisplayed(), "continuing keeps the shopper signed in, the warning gone");

            kiosk.waitFor("the sign-out to the start screen", Duration.ofSeconds(idleSeconds + warningSeconds + 10),
                    d -> !d.findElements(screen("start")).isEmpty());
            assertEquals(1, browser.driver().manage().getCookies().size(),
                    "only the device cookie is left: " + browser.driver().manage().getCookies());
            browser.screenshot("kiosk-start-after-idle-en-portrait");
            browser.driver().navigate().back();
            kiosk.expectOneOf("start", "ended");
            kiosk.assertNothingOf("Jonas", "Brandt", card);
        }
    }

    private Map<String, String> kioskConfig(int idleSeconds, int warningSeconds) {
        return Map.of("data.dir", folder.resolve("data").toString(),
                "kiosk.pairing-secret", PAIRING_SECRET,
                "kiosk.idle-seconds", Integer.toString(idleSeconds),
                "kiosk.warning-seconds", Integer.toString(warningSeconds));
    }

    /** A sale of one coat at till T1 of the demo store to the card, with {@code voucher} applied when given. */
    private static JsonNode buyAtTheTill(String pos, String till, String sale, String card, long priceMinor,
                                         String voucher) throws Exception {
        JsonNode member = call(pos + "/pos/v1/members?card=" + card, till, null, 200);
        if (voucher != null) {
            call(pos + "/pos/v1/sales/" + sale + "/vouchers", till, Map.of("code", voucher,
                    "memberId", member.get("memberId").asText()), 201);
        }
        List<Map<String, Object>> lines = List.of(Map.of("sku", "COAT", "category", "coats", "quantity", 1,
                "unitPriceMinor", priceMinor));
        JsonNode quote = call(pos + "/pos/v1/sales/" + sale + "/quote", till, Map.of("member", Map.of("card", card),
                "lines", lines), 200);
        long discount = quote.get("basketDiscountMinor").asLong();
        JsonNode receipt = call(pos + "/pos/v1/sales/" + sale + "/finish", till, Map.of("member", Map.of("card", card),
                "lines", lines, "basketDiscountMinor", discount, "totalMinor", priceMinor - discount), 201);
        assertTrue(receipt.get("recorded").asBoolean(), receipt.toString());
        return receipt;
    }

    /** The newest one-time code texted to {@code phone}, from the demo's SMS log. */
    private static String smsCode(Path log, String phone) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(phone)).toList();
                if (!lines.isEmpty()) {
                    return find(lines.getLast(), "\\b(\\d{6})\\b");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no text message to " + phone + " in " + log);
    }

    private static List<String> textList(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static By screen(String name) {
        return By.cssSelector("main#screen[data-screen='" + name + "']");
    }

    /** The kiosk's words in {@code language}, from the kiosk's own message files, to find them on its pages. */
    private static String word(String language, String key) {
        Properties words = WORDS.computeIfAbsent(language, tag -> {
            String name = "/kiosk/i18n/messages_" + tag + ".properties";
            try (InputStream in = KioskBrowserIT.class.getResourceAsStream(name)) {
                assertTrue(in != null, name + " is on the class path");
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                return properties;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String word = words.getProperty(key);
        assertTrue(word != null && !word.isBlank(), key + " has words in " + language);
        return word;
    }

    /** One browser at the kiosk of one app: where it is, and what a shopper does there. */
    private static final class Kiosk {

        private final Browser browser;
        private final WebDriver driver;
        private final URI base;
        private final URI pairing;

        Kiosk(PunchcardApp app, Browser browser) {
            this.browser = browser;
            this.driver = browser.driver();
            Matcher link = Pattern.compile("(http://\\S+/kiosk/pair\\?code=\\S+)").matcher(String.join("\n", app.banner()));
            // The banner's link when it shows one (on localhost, which may be IPv6 first); else the configured secret.
            this.pairing = URI.create(link.find() ? link.group(1).replace("//localhost:", "//127.0.0.1:")
                    : "http://127.0.0.1:" + app.port() + "/kiosk/pair?code=" + PAIRING_SECRET);
            this.base = pairing.resolve("/");
        }

        void expect(String name) {
            waitFor("the " + name + " screen", d -> !d.findElements(screen(name)).isEmpty()
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
        }

        /** Waits for {@code condition}; on a timeout, fails saying where the browser is and what it shows. */
        void waitFor(String what, Function<WebDriver, Boolean> condition) {
            waitFor(what, Duration.ofSeconds(10), condition);
        }

        void waitFor(String what, Duration patience, Function<WebDriver, Boolean> condition) {
            try {
                new WebDriverWait(driver, patience).until(condition::apply);
            } catch (TimeoutException e) {
                Path shot = browser.screenshot("kiosk-failure-" + System.currentTimeMillis());
                Object where = ((JavascriptExecutor) driver).executeScript("""
                        const main = document.querySelector('main#screen');
                        return 'lang=' + document.documentElement.lang + ' data-screen='
                          + (main ? main.dataset.screen : 'none') + ' data-watch=' + (main ? main.dataset.watch : 'none')
                          + ' text: '
                          + document.body.innerText.replace(/\\s+/g, ' ').slice(0, 400);""");
                throw new AssertionError("Waited " + patience.toSeconds() + " s for " + what + " at "
                        + driver.getCurrentUrl() + " (" + where + "; cookies " + driver.manage().getCookies()
                        + "); screenshot " + shot, e);
            }
        }

        void expectOneOf(String... names) {
            waitFor("one of the screens " + String.join(", ", names), d -> {
                for (String name : names) {
                    if (!d.findElements(screen(name)).isEmpty()) {
                        return true;
                    }
                }
                return false;
            });
        }

        WebElement element(String css) {
            return browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
        }

        List<WebElement> all(String css) {
            return driver.findElements(By.cssSelector(css));
        }

        String text(String css) {
            return element(css).getText();
        }

        void visible(String css) {
            waitFor(css + " shown", d -> d.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed));
        }

        /** The whole number an element shows, whatever the language's grouping of digits. */
        int number(String css) {
            String digits = element(css).getText().replaceAll("[^0-9]", "");
            assertFalse(digits.isEmpty(), css + " shows a number: " + element(css).getText());
            return Integer.parseInt(digits);
        }

        void click(String css) {
            browser.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        }

        void type(String css, String text) {
            WebElement field = element(css);
            field.clear();
            field.sendKeys(text);
        }

        void check(String css) {
            if (!element(css).isSelected()) {
                click("label[for='" + css.substring(1) + "']");
            }
            assertTrue(element(css).isSelected(), css + " is ticked by a touch on its label");
        }

        /** A scanner at the start screen: the code's characters, then Enter. */
        void scan(String code) {
            element("#scan").sendKeys(code + Keys.ENTER);
        }

        void reload(String name) {
            driver.navigate().refresh();
            expect(name);
        }

        /**
         * On this screen, in each orientation: each language by its link, which keeps the screen and changes its
         * words; a screenshot each; axe-core's serious and critical rules; touch targets of 48 px. Ends in English.
         */
        void everyLanguage(String name, Orientation... orientations) {
            for (Orientation orientation : orientations) {
                browser.resize(orientation);
                for (String language : List.of("de", "zh-Hans", "en")) {
                    switchTo(language);
                    expect(name);
                    String title = driver.getTitle();
                    assertTrue(title.contains(word(language, "title." + name)),
                            name + " in " + language + " is titled in it: " + title);
                    assertEquals(word(language, "languages"), element("nav#languages").getAttribute("aria-label"),
                            "the language switch is named in " + language);
                    browser.screenshot("kiosk-" + name + "-" + language + "-" + orientation.label());
                    browser.assertAccessible(name + " in " + language + ", " + orientation.label());
                    assertTouchTargets(name + " in " + language + ", " + orientation.label());
                    assertFormsCarryCsrf(name);
                }
            }
            browser.resize(Orientation.PORTRAIT);
        }

        private void switchTo(String language) {
            element("nav#languages a[hreflang='" + language + "']").click();
            waitFor("the page in " + language, d -> language.equals(((JavascriptExecutor) d).executeScript(
                    "return document.readyState === 'complete' ? document.documentElement.lang : null;")));
            assertEquals(LANGUAGES.size(), all("nav#languages a[hreflang]").size(), "every language is offered");
        }

        private void assertTouchTargets(String where) {
            List<?> small = (List<?>) ((JavascriptExecutor) driver).executeScript("""
                    return [...document.querySelectorAll('button, a.button, nav#languages a, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select')]
                      .filter(e => e.offsetParent !== null)
                      .map(e => [e, e.getBoundingClientRect()])
                      .filter(([e, r]) => r.height < 48 || r.width < 48)
                      .map(([e, r]) => (e.id ? '#' + e.id : e.tagName.toLowerCase() + '.' + e.className)
                                       + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
                    """);
            assertEquals(List.of(), small, "touch targets of at least 48 px on " + where);
        }

        private void assertFormsCarryCsrf(String name) {
            for (WebElement form : all("form[method=post], form[method=POST]")) {
                assertFalse(form.findElements(By.cssSelector("input[type=hidden][name=_csrf]")).isEmpty(),
                        "a form on " + name + " carries _csrf: " + form.getAttribute("action"));
            }
        }

        /** The page as the browser has it now holds none of these (names, numbers, codes). */
        void assertNothingOf(String... personal) {
            String source = driver.getPageSource();
            for (String text : personal) {
                assertFalse(source.contains(text), "after signing out the page shows nothing of the shopper, but "
                        + text + " is in it");
            }
            assertTrue(driver.findElements(By.id("available-points")).isEmpty(), "no points after signing out");
        }

        /** The response headers of a same-origin GET made by the page, with the page's cookies. */
        Map<String, String> headersOfThisPage() {
            Object headers = ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(location.href, {credentials: 'same-origin'})
                      .then(r => done(Object.fromEntries([...r.headers.entries()])))
                      .catch(e => done({error: String(e)}));
                    """);
            Map<String, String> result = new HashMap<>();
            ((Map<?, ?>) headers).forEach((k, v) -> result.put(String.valueOf(k).toLowerCase(), String.valueOf(v)));
            assertNotEquals(null, result.get("content-type"), "the page fetched " + driver.getCurrentUrl() + ": " + result);
            return result;
        }
    }
}
