package io.punchcard.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;

/**
 * The load generator's HTTP client: the JDK's HttpClient over HTTP/1.1 keep-alive connections, one request at
 * a time per calling thread, bodies written and read as bytes with the wire contract's mapper. (Helidon's
 * WebClient 4.1.7 was tried first and now and then read a kept-alive connection's next answer one byte late.)
 */
public final class Api {

    private final HttpClient client;
    private final String base;
    private final String authorization;

    public Api(int port, String token) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = "http://127.0.0.1:" + port;
        this.authorization = token == null ? null : "Bearer " + token;
    }

    /** A status and body. */
    public record Answer(int status, byte[] body) {

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Fails unless the status is one of {@code expected}, quoting the body. */
        public Answer expect(int... expected) {
            for (int status : expected) {
                if (this.status == status) {
                    return this;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
    }

    /** GET {@code path} (with its query, already encoded). */
    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
    }

    public Answer put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(body))));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return body instanceof byte[] raw ? raw : Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
