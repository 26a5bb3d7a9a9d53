package io.punchcard.platform;

import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.http.HttpRouting;

/**
 * What one Punchcard module adds to a web server: its routes and health checks. Each module's {@code Main}
 * serves its own; the {@code app} launcher mounts them all in one server.
 */
public interface ServerModule {

    /** A short name for logs, e.g. {@code loyalty-service}. */
    String name();

    /** Registers the module's {@code HttpService}s. */
    void routing(HttpRouting.Builder routing);

    /** Health checks beyond the stores' own, which the server adds itself. */
    default List<HealthCheck> healthChecks() {
        return List.of();
    }

    /** Pages a person opens in a browser, as (label, path) pairs, printed with the URLs at start. */
    default List<Link> links() {
        return List.of();
    }

    /** A page worth printing at start. */
    record Link(String label, String path) {
    }
}
