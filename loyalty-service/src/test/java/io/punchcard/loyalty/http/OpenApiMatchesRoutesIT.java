package io.punchcard.loyalty.http;

import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every route the core registers is in its OpenAPI document, and the document names no route that is not. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OpenApiMatchesRoutesIT {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void theDocumentAndTheRoutesAgree(TestPostgres database) throws Exception {
        Set<String> routes = new TreeSet<>();
        try (Postgres postgres = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 2))) {
            new LoyaltyService(postgres.dbClient(), Clock.systemUTC()).routing(recorder("", routes, HttpRouting.Builder.class));
        }

        assertEquals(documented(), routes);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented() throws Exception {
        try (InputStream in = OpenApiMatchesRoutesIT.class.getResourceAsStream("/openapi/loyalty-service.yaml")) {
            Map<String, Object> doc = new Yaml().load(in);
            Set<String> operations = new TreeSet<>();
            ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, ops) -> ops.keySet().stream()
                    .filter(METHODS::contains)
                    .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
            return operations;
        }
    }

    /** Rules that write down what is registered on them instead of serving it. */
    private static <T extends HttpRules> T recorder(String prefix, Set<String> routes, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("register") && args != null && args.length == 2 && args[0] instanceof String path
                    && args[1] instanceof HttpService[] services) {
                for (HttpService service : services) {
                    service.routing(recorder(join(prefix, path), routes, HttpRules.class));
                }
            } else if (METHODS.contains(name) && args != null && args.length == 2 && args[0] instanceof String path) {
                routes.add(name.toUpperCase() + " " + join(prefix, path));
            } else if (METHODS.contains(name)) {
                throw new AssertionError("A route without a path at " + prefix + ": give every route its path");
            }
            return proxy;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static String join(String prefix, String path) {
        String joined = prefix + (path.equals("/") ? "" : path);
        return joined.isEmpty() ? "/" : joined;
    }
}
