package io.punchcard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import org.yaml.snakeyaml.Yaml;

/**
 * The two sides a module's OpenAPI test compares: the routes its code registers ({@code GET /api/v1/members}),
 * recorded without serving anything, and the operations its OpenAPI document lists.
 */
public final class RouteDocument {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private RouteDocument() {
    }

    /** What {@code routing} registers, as {@code METHOD /path} with path parameters as {@code {name}}. */
    public static Set<String> routes(Consumer<HttpRouting.Builder> routing) {
        Set<String> routes = new TreeSet<>();
        routing.accept(recorder("", routes, HttpRouting.Builder.class));
        return routes;
    }

    /** The operations of the OpenAPI document at {@code resource} on the class path. */
    @SuppressWarnings("unchecked")
    public static Set<String> documented(String resource) {
        try (InputStream in = RouteDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the class path");
            }
            Map<String, Object> doc = new Yaml().load(in);
            Set<String> operations = new TreeSet<>();
            ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, ops) -> ops.keySet().stream()
                    .filter(METHODS::contains)
                    .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
