package io.punchcard.testsupport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser harness against pages served by a JDK HTTP server: what it saves, what axe finds, what it reads
 * back from a QR code on the screen.
 */
class BrowserIT {

    private static final String CODE = "V-7Q2K-94XD-PC01";
    private static final Map<String, String> ACCEPT_LANGUAGE = new ConcurrentHashMap<>();

    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void serve() throws IOException, WriterException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page("/qr", """
                <h1>Your voucher</h1>
                <div id="big" style="width: 320px">%s</div>
                <div id="small" style="width: 58px">%s</div>
                <div style="height: 2600px">A long page, so a screenshot of only the window would be too short.</div>
                """.formatted(qrSvg(CODE), qrSvg(CODE)));
        page("/inaccessible", """
                <h1>A picture</h1>
                <img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
                """);
        page("/accessible", """
                <h1>A form</h1>
                <label for="name">Name</label> <input id="name" name="name">
                <button type="submit">Send</button>
                """);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aScreenshotIsTheWholePageSavedUnderTarget() throws IOException {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/qr"));
            Path file = browser.screenshot("browser-it-whole-page");

            assertEquals(Path.of(System.getProperty("basedir", "."), "target", "screenshots",
                    "browser-it-whole-page.png"), file);
            BufferedImage png = ImageIO.read(file.toFile());
            assertEquals(1080, png.getWidth());
            assertTrue(png.getHeight() > 2600, "the screenshot is " + png.getHeight() + " px high, the page more");
        }
    }

    @Test
    void theViewportIsTheOrientationsSizeAndFollowsAResize() {
        try (Browser browser = Browser.start(Browser.Orientation.PORTRAIT, "en")) {
            browser.open(base.resolve("/accessible"));
            assertEquals(List.of(1080L, 1920L), viewport(browser));

            browser.resize(Browser.Orientation.LANDSCAPE);
            browser.open(base.resolve("/qr"));
            assertEquals(List.of(1920L, 1080L), viewport(browser));
        }
    }

    @Test
    void theBrowserAsksForItsLanguage() {
        try (Browser browser = Browser.start(Browser.Orientation.PORTRAIT, "de")) {
            browser.open(base.resolve("/accessible"));

            assertEquals("de", browser.driver().executeScript("return navigator.language;"));
            assertTrue(ACCEPT_LANGUAGE.get("/accessible").startsWith("de"), ACCEPT_LANGUAGE.get("/accessible"));
        }
    }

    @Test
    void axeReportsAnImageWithoutAlternativeText() {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/inaccessible"));

            List<Browser.Violation> violations = browser.axe();
            assertEquals(List.of("image-alt"), violations.stream().map(Browser.Violation::rule).toList());
            assertEquals(List.of("#no-alt"), violations.getFirst().targets());
            assertEquals("critical", violations.getFirst().impact());
            AssertionError failure = assertThrows(AssertionError.class, () -> browser.assertAccessible("a picture"));
            assertTrue(failure.getMessage().contains("image-alt (critical)"), failure.getMessage());
        }
    }

    @Test
    void axeFindsNothingSeriousOnALabelledForm() {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/accessible"));

            browser.assertAccessible("a labelled form");
            // Again on the same page: axe is injected once and runs twice.
            assertEquals(List.of(), browser.axe());
        }
    }

    @Test
    void aQrCodeOnTheScreenReadsBackAsItsText() {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/qr"));

            assertEquals(CODE, browser.decodeQr(browser.driver().findElement(By.cssSelector("#big svg"))));
            // 58 px for 25 modules: under 3 px a module, read only because the capture is magnified.
            assertEquals(CODE, browser.decodeQr(browser.driver().findElement(By.cssSelector("#small svg"))));
        }
    }

    @Test
    void anElementWithoutAQrCodeFailsSayingWhereItsPictureIs() {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/accessible"));

            AssertionError failure = assertThrows(AssertionError.class,
                    () -> browser.decodeQr(browser.driver().findElement(By.tagName("h1"))));
            Path kept = Path.of(failure.getMessage().replaceAll("(?s).*the picture is ", ""));
            assertTrue(Files.exists(kept), failure.getMessage());
        }
    }

    private static List<Long> viewport(Browser browser) {
        return ((List<?>) browser.driver().executeScript("return [window.innerWidth, window.innerHeight];"))
                .stream().map(n -> ((Number) n).longValue()).toList();
    }

    private static void page(String path, String body) {
        byte[] html = ("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Browser harness</title></head>
                <body><main>%s</main></body></html>
                """.formatted(body)).getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            ACCEPT_LANGUAGE.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Language")));
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        });
    }

    /** A QR code as an inline SVG, one square per dark module, the way a page would draw it. */
    private static String qrSvg(String text) throws WriterException {
        BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.MARGIN, 0));
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"QR code\" viewBox=\"0 0 "
                + matrix.getWidth() + " " + matrix.getHeight() + "\" width=\"100%\"><path d=\"" + path + "\"/></svg>";
    }
}
