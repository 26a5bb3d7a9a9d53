package io.punchcard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the browser is looked for, and what its absence does to a test: a skip on a laptop, a failure under CI. */
class BrowserTest {

    @TempDir
    Path folder;

    @Test
    void theBrowserIsTheFirstExecutableOnPath() throws IOException {
        Path empty = Files.createDirectory(folder.resolve("empty"));
        Path bin = Files.createDirectory(folder.resolve("bin"));
        Path chromium = Files.createFile(bin.resolve("chromium"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        assertEquals(chromium, Browser.installed("chromium", Map.of("PATH", empty + "::" + bin)));
    }

    @Test
    void withoutTheBrowserATestIsSkippedSayingWhatToInstall() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> Browser.installed("chromium", Map.of("PATH", folder.toString())));

        assertTrue(skipped.getMessage().contains("apt-get install chromium chromium-driver"), skipped.getMessage());
    }

    @Test
    void underCiAMissingBrowserFailsTheTest() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> Browser.installed("chromedriver", Map.of("PATH", folder.toString(), "CI", "true")));

        assertTrue(failed.getMessage().startsWith("CI is set, so browser tests must run: chromedriver"),
                failed.getMessage());
    }

    @Test
    void ciSetToFalseIsNoCi() {
        assertThrows(TestAbortedException.class,
                () -> Browser.installed("chromium", Map.of("PATH", folder.toString(), "CI", "false")));
    }
}
