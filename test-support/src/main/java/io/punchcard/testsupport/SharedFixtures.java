package io.punchcard.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real third-party material in {@code ../shared/fixtures} beside the project, read in place. */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** {@code ../shared/fixtures/<path>}, looked for from the working folder (a module's) upwards. */
    public static Path path(String path) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures").resolve(path);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/fixtures/" + path + " not found above " + Path.of("").toAbsolutePath());
    }
}
