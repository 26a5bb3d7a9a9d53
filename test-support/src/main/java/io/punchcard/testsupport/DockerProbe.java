package io.punchcard.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers. Asked once per JVM. Without a Docker socket or {@code DOCKER_HOST} the
 * answer is no at once, sparing Testcontainers' slow and loud search of every strategy it knows.
 */
public final class DockerProbe {

    private static volatile String whyNot;
    private static volatile Boolean answers;

    private DockerProbe() {
    }

    /** True when Testcontainers can start containers here. */
    public static synchronized boolean answers() {
        if (answers == null) {
            answers = probe();
        }
        return answers;
    }

    /** Why Docker is not used, for skip messages; null when it is. */
    public static String whyNot() {
        answers();
        return whyNot;
    }

    private static boolean probe() {
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        boolean hint = Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of(home, ".colima"))
                || (runtime != null && (Files.exists(Path.of(runtime, "docker.sock"))
                        || Files.exists(Path.of(runtime, "podman", "podman.sock"))));
        String host = System.getenv("DOCKER_HOST");
        if (!hint && (host == null || host.isBlank())) {
            whyNot = "no Docker engine: no Docker or Podman socket, no ~/.testcontainers.properties, DOCKER_HOST unset";
            return false;
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return true;
            }
            whyNot = "no Docker engine answers (Testcontainers found none)";
        } catch (RuntimeException | LinkageError e) {
            whyNot = "no Docker engine answers: " + e.getMessage();
        }
        return false;
    }
}
