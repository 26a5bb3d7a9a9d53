package io.punchcard.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, both Debian's, for tests that look at pages the way a person
 * does: screenshots kept for review under {@code target/screenshots}, axe-core's accessibility rules run in the
 * page, and barcodes read back from what is on the screen.
 *
 * <p>Each instance has a profile of its own (no cookie or cache crosses tests) and a fixed window. The browser is
 * found on {@code PATH} (where {@code .ci/run} installs it); nothing is ever downloaded, and Selenium Manager is
 * never asked because the driver and the browser are both given by path. Without them a test is skipped, except
 * under CI, where it fails: the browser tests must not silently stop running there.
 */
public final class Browser implements AutoCloseable {

    /** The vendored axe-core's version (see {@code axe/README.md} beside this class's resources). */
    public static final String AXE_VERSION = "4.14.1";

    private static final String BROWSER = "chromium";
    private static final String DRIVER = "chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    /** Small elements are captured magnified, so a QR code's modules are several pixels wide. */
    private static final double MIN_CAPTURE_SIDE_PX = 300;
    private static final double MAX_CAPTURE_SCALE = 8;
    /** ... but not beyond this many pixels a side, which a barcode never needs and which makes decoding slow. */
    private static final double MAX_CAPTURE_SIDE_PX = 2400;
    /**
     * Selenium looks for a DevTools binding matching the browser's version and warns at every start when Debian's
     * Chromium is newer than the Selenium release; we use chromedriver's own CDP passthrough, which needs none.
     * Held here so the logger's level is not lost to garbage collection.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final AtomicInteger UNREADABLE = new AtomicInteger();
    private static volatile String axeSource;

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    /** The viewport's size now (set by {@link #resize}), restored after a whole-page screenshot. */
    private Orientation orientation = Orientation.PORTRAIT;
    private final OutputStream driverLog;

    /** The window sizes the kiosk is built for: a screen standing up, and the same screen on its side. */
    public enum Orientation {
        PORTRAIT(1080, 1920), LANDSCAPE(1920, 1080);

        private final int width;
        private final int height;

        Orientation(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        /** {@code portrait} or {@code landscape}, for file names. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A rule of axe-core the page breaks, with the elements that break it.
     *
     * @param rule    axe's rule id, e.g. {@code color-contrast}
     * @param impact  {@code serious} or {@code critical} (lesser ones are not reported)
     * @param help    axe's one-line description of the rule
     * @param targets a CSS selector for each offending element
     */
    public record Violation(String rule, String impact, String help, List<String> targets) {

        public Violation {
            targets = List.copyOf(targets);
        }

        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + " at " + String.join(", ", targets);
        }
    }

    private Browser(ChromeDriver driver, Path profile, Path screenshots, OutputStream driverLog) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
        this.driverLog = driverLog;
    }

    /** A portrait browser asking for English pages. */
    public static Browser start() {
        return start(Orientation.PORTRAIT, "en");
    }

    /**
     * Starts a browser, or skips the calling test (fails it under CI) when Chromium or chromedriver is missing.
     *
     * @param orientation the window's size
     * @param language    a BCP 47 tag for the browser's interface and its Accept-Language, e.g. {@code de}
     */
    public static Browser start(Orientation orientation, String language) {
        Path browser = installed(BROWSER, System.getenv());
        Path chromeDriver = installed(DRIVER, System.getenv());
        Path profile;
        try {
            profile = Files.createTempDirectory("punchcard-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new",
                "--user-data-dir=" + profile,
                "--window-size=" + orientation.width() + "," + orientation.height(),
                "--force-device-scale-factor=1",
                "--hide-scrollbars",
                "--lang=" + language,
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update");
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium's sandbox refuses to run as root; the pages under test are our own.
            options.addArguments("--no-sandbox");
        }
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        OutputStream log = driverLog(target);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromeDriver.toFile())
                .usingAnyFreePort()
                .withLogOutput(log)
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            closeQuietly(log);
            TempFolders.delete(profile);
            throw e;
        }
        Browser started = new Browser(driver, profile, target.resolve("screenshots"), log);
        try {
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
            return started.resize(orientation);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** The driver, for everything this class does not wrap. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code uri} and returns once the page has loaded. */
    public Browser open(URI uri) {
        driver.get(uri.toString());
        return this;
    }

    /** A wait of ten seconds, for conditions the test states itself. */
    public WebDriverWait await() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Makes the page's viewport exactly the orientation's size (a window's frame would take some of it). */
    public Browser resize(Orientation orientation) {
        this.orientation = orientation;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", orientation.width(), "height", orientation.height(),
                "deviceScaleFactor", 1, "mobile", false));
        return this;
    }

    /**
     * Saves the whole page, not only what fits in the window, as {@code target/screenshots/<name>.png}.
     *
     * @return the file written
     */
    public Path screenshot(String name) {
        // The viewport is made the whole page's height and the page given two frames before the capture: without a
        // scroll bar the page is wider, and a chart drawn on a canvas that follows its container's size (Chart.js) is
        // cleared and drawn again on the next frame, which a capture beyond the viewport would catch blank.
        double height = number(contentSize().get("height"));
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", orientation.width(),
                "height", (int) Math.max(orientation.height(), Math.ceil(height)), "deviceScaleFactor", 1,
                "mobile", false));
        try {
            driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " requestAnimationFrame(() => requestAnimationFrame(done));");
            Map<String, Object> content = contentSize();
            byte[] png = capture(Map.of("x", 0, "y", 0, "width", number(content.get("width")),
                    "height", number(content.get("height")), "scale", 1));
            return save(name, png);
        } finally {
            resize(orientation);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> contentSize() {
        return (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    }

    /**
     * Runs axe-core's rules on the page as it is now and returns the serious and critical violations; lesser ones
     * are advice, not failures.
     */
    public List<Violation> axe() {
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object';"))) {
            driver.executeScript(axeSource());
        }
        Object answer = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(result => done(result.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                                  targets: v.nodes.map(n => n.target.join(' '))}))))
                  .catch(e => done('axe failed: ' + e));
                """);
        if (answer instanceof String failure) {
            throw new IllegalStateException(failure);
        }
        List<Violation> violations = new ArrayList<>();
        for (Object item : (List<?>) answer) {
            Map<?, ?> v = (Map<?, ?>) item;
            violations.add(new Violation((String) v.get("rule"), (String) v.get("impact"), (String) v.get("help"),
                    ((List<?>) v.get("targets")).stream().map(String::valueOf).toList()));
        }
        return violations;
    }

    /** Fails, listing each rule broken and where, when axe finds a serious or critical violation on the page. */
    public void assertAccessible(String screen) {
        List<Violation> violations = axe();
        if (!violations.isEmpty()) {
            Assertions.fail("axe-core " + AXE_VERSION + " finds " + violations.size()
                    + " serious or critical violation(s) on " + screen + " (" + driver.getCurrentUrl() + "):\n  "
                    + String.join("\n  ", violations.stream().map(Violation::toString).toList()));
        }
    }

    /**
     * Reads the QR code shown in {@code element} from a screenshot of it, as a phone or scanner would.
     *
     * @throws AssertionError when no QR code can be read; the picture is kept under {@code target/screenshots}
     */
    public String decodeQr(WebElement element) {
        return decode(element, BarcodeFormat.QR_CODE);
    }

    /** Reads a barcode of {@code format} (e.g. {@link BarcodeFormat#CODE_128}) from a screenshot of {@code element}. */
    public String decode(WebElement element, BarcodeFormat format) {
        BufferedImage picture = picture(element);
        Optional<String> text = Barcodes.decode(picture, format);
        if (text.isEmpty()) {
            Path kept = save("unreadable-" + format.name().toLowerCase(Locale.ROOT) + "-"
                    + UNREADABLE.incrementAndGet(), png(picture));
            throw new AssertionError("No " + format + " can be read from the screenshot of " + element
                    + " on " + driver.getCurrentUrl() + "; the picture is " + kept);
        }
        return text.get();
    }

    /** A screenshot of the element alone, magnified when small. */
    public BufferedImage picture(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element);
        List<?> box = (List<?>) driver.executeScript("""
                const r = arguments[0].getBoundingClientRect();
                return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
                """, element);
        double width = number(box.get(2));
        double height = number(box.get(3));
        if (width < 1 || height < 1) {
            throw new AssertionError(element + " is not shown (" + width + "×" + height + " px)");
        }
        double scale = Math.min(Math.min(MAX_CAPTURE_SCALE, MAX_CAPTURE_SIDE_PX / Math.max(width, height)),
                Math.max(1, MIN_CAPTURE_SIDE_PX / Math.min(width, height)));
        byte[] png = capture(Map.of("x", number(box.get(0)), "y", number(box.get(1)),
                "width", width, "height", height, "scale", scale));
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            closeQuietly(driverLog);
            TempFolders.delete(profile);
        }
    }

    private byte[] capture(Map<String, Object> clip) {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true, "clip", clip));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    private Path save(String name, byte[] png) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("A screenshot's name is letters, digits, '.', '_' and '-': " + name);
        }
        try {
            Files.createDirectories(screenshots);
            return Files.write(screenshots.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(BufferedImage picture) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(picture, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /** The executable on {@code PATH}; a skip, or under CI a failure, when there is none. */
    static Path installed(String name, Map<String, String> environment) {
        Optional<Path> found = Stream.of(environment.getOrDefault("PATH", "/usr/bin").split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " is not on PATH; browser tests need Debian's chromium and chromium-driver"
                + " (`apt-get install chromium chromium-driver`, as .ci/run does)";
        if (underCi(environment.get("CI"))) {
            Assertions.fail("CI is set, so browser tests must run: " + why);
        }
        System.out.println("[test-support] browser test skipped: " + why);
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    private static boolean underCi(String ci) {
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static OutputStream driverLog(Path target) {
        try {
            Files.createDirectories(target);
            return Files.newOutputStream(target.resolve("chromedriver.log"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static void closeQuietly(OutputStream log) {
        try {
            log.close();
        } catch (IOException e) {
            // Only the driver's log, which is appended to and flushed as it goes.
        }
    }

    private static String axeSource() {
        if (axeSource == null) {
            try (InputStream in = Browser.class.getResourceAsStream("axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is missing from test-support's resources");
                }
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }
}
