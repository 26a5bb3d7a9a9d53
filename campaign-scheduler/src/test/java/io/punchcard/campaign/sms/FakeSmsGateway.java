package io.punchcard.campaign.sms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.punchcard.api.Json;

/**
 * A real HTTP server on loopback that plays an SMS gateway of {@link SmsGatewaySender}'s contract. It records every
 * request and answers in the {@link Mode} a test sets, which may change between sends. Any test of the module may
 * use it: {@code try (var gateway = FakeSmsGateway.start()) { ... gateway.uri() ... }}.
 */
public final class FakeSmsGateway implements AutoCloseable {

    /** The path it serves; {@link #uri()} points at it. */
    public static final String PATH = "/v1/messages";

    /** A request body larger than any SMS; the fake reads no further, as a real gateway would refuse it. */
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    /** How the gateway answers the next requests. */
    public sealed interface Mode {
        /** 200 with {@code {"id": "gw-N"}}, N counting accepted messages from 1. */
        record Accept() implements Mode {
        }

        /** Waits {@code delay}, then accepts as {@link Accept} does. */
        record Slow(Duration delay) implements Mode {
            public Slow {
                Objects.requireNonNull(delay, "delay");
            }
        }

        /** 503, with {@code Retry-After: retryAfter} when it is not null. */
        record Unavailable(String retryAfter) implements Mode {
        }

        /** 429 with {@code Retry-After: retryAfter} (seconds or an HTTP-date); none when null. */
        record TooManyRequests(String retryAfter) implements Mode {
        }

        /** {@code status} (a 4xx) with {@code body} as it is, typed {@code contentType}. */
        record Reject(int status, String contentType, String body) implements Mode {
            public Reject {
                Objects.requireNonNull(contentType, "contentType");
                Objects.requireNonNull(body, "body");
            }
        }

        /** Reads the whole request, then closes the connection without a word. */
        record HangUp() implements Mode {
        }

        static Mode accept() {
            return new Accept();
        }

        static Mode slow(Duration delay) {
            return new Slow(delay);
        }

        static Mode unavailable() {
            return new Unavailable(null);
        }

        static Mode unavailable(String retryAfter) {
            return new Unavailable(retryAfter);
        }

        static Mode tooManyRequests(String retryAfter) {
            return new TooManyRequests(retryAfter);
        }

        /** 400 with a JSON body {@code {"error": error}}. */
        static Mode reject(String error) {
            return new Reject(400, "application/json",
                    Json.mapper().createObjectNode().put("error", error).toString());
        }

        static Mode hangUp() {
            return new HangUp();
        }
    }

    /**
     * One request as the gateway received it.
     *
     * @param method  e.g. POST
     * @param path    the request path
     * @param headers every header, names compared without case
     * @param body    the raw body
     * @param json    the body parsed as JSON, or null when it is not JSON
     */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body, JsonNode json) {

        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.accept());
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Received> requests = new CopyOnWriteArrayList<>();

    private FakeSmsGateway(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts a gateway on a free loopback port, accepting. */
    public static FakeSmsGateway start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // One thread per request, so a slow answer never delays another test's request.
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            FakeSmsGateway gateway = new FakeSmsGateway(server, threads);
            server.createContext(PATH, gateway::handle);
            server.setExecutor(threads);
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the fake SMS gateway", e);
        }
    }

    /** The send endpoint, for {@code url}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH);
    }

    /** Answers the next requests as {@code next} says. */
    public FakeSmsGateway mode(Mode next) {
        mode.set(Objects.requireNonNull(next, "mode"));
        return this;
    }

    /** Every request received so far, in order of arrival. */
    public List<Received> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The only request received; fails when there were none or several. */
    public Received onlyRequest() {
        List<Received> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected one request at the gateway, got " + all.size());
        }
        return all.getFirst();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Collections.unmodifiableMap(headers), body, parse(body)));
            answer(exchange, mode.get());
        }
    }

    private void answer(HttpExchange exchange, Mode current) throws IOException {
        switch (current) {
            case Mode.Accept ignored -> accept(exchange);
            case Mode.Slow slow -> {
                try {
                    Thread.sleep(slow.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                accept(exchange);
            }
            case Mode.Unavailable unavailable -> respond(exchange, 503, unavailable.retryAfter(), "text/plain",
                    "down for maintenance");
            case Mode.TooManyRequests tooMany -> respond(exchange, 429, tooMany.retryAfter(), "application/json",
                    "{\"error\":\"slow down\"}");
            case Mode.Reject reject -> respond(exchange, reject.status(), null, reject.contentType(), reject.body());
            // Closing an exchange that has sent no status line closes its connection: the client reads end of stream.
            case Mode.HangUp ignored -> {
            }
        }
    }

    private void accept(HttpExchange exchange) throws IOException {
        respond(exchange, 200, null, "application/json", "{\"id\":\"gw-" + accepted.incrementAndGet() + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String retryAfter, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
