package io.punchcard.console.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.punchcard.api.Json;
import io.punchcard.api.v1.StaffSession;

/**
 * The campaign scheduler's API ({@code /scheduler/v1}, its OpenAPI document) as the Campaigns pages use it: the
 * console's key in the person's staff session, so the scheduler decides by their role (an admin as ADMIN, a store
 * manager as a STORE key of their stores). The console depends on the wire contract only, never on the scheduler's
 * code, so answers stay JSON trees and the pages read the few fields they show.
 */
public final class Scheduler {

    /** A person waits on each call. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param base   where the scheduler answers (in the all-in-one app, the core's own address)
     * @param apiKey the console's CONSOLE key
     */
    public Scheduler(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * What the scheduler answered.
     *
     * @param status the HTTP status; 0 when it did not answer at all
     * @param body   the JSON answer (a problem for a 4xx); missing when there was none
     * @param etag   the version the answer names, without quotes; null when none
     */
    public record Reply(int status, JsonNode body, String etag) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's type without its base ({@code version-mismatch}); empty when none. */
        public String type() {
            String type = body.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        /** The problem's sentence. */
        public String detail() {
            return body.path("detail").asText(status == 0 ? "The campaign scheduler is not answering." : "");
        }

        /** Every field the problem blames, by its path ({@code spec.trigger.days}), with the sentence for each. */
        public Map<String, String> fieldErrors() {
            Map<String, String> errors = new LinkedHashMap<>();
            for (JsonNode error : body.path("errors")) {
                errors.putIfAbsent(error.path("field").asText(""), error.path("detail").asText(""));
            }
            if (errors.isEmpty() && body.hasNonNull("field")) {
                errors.put(body.path("field").asText(), detail());
            }
            return errors;
        }
    }

    public Reply get(String path, String staffSession) {
        return send("GET", path, staffSession, null, null);
    }

    /**
     * Sends {@code body} (null: none) with {@code method} to {@code path} (under /scheduler/v1) in the staff session;
     * {@code version}, when given, goes as If-Match so a change made meanwhile is refused (412) rather than undone.
     */
    public Reply send(String method, String path, String staffSession, Long version, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/scheduler/v1" + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + apiKey).header(StaffSession.HEADER, staffSession)
                    .header("Accept", "application/json");
            if (version != null) {
                request.header("If-Match", "\"" + version + "\"");
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode read = response.body().length == 0 ? MissingNode.getInstance()
                    : Json.mapper().readTree(response.body());
            return new Reply(response.statusCode(), read == null ? MissingNode.getInstance() : read,
                    response.headers().firstValue("ETag").map(tag -> tag.replace("\"", "")).orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            return new Reply(0, MissingNode.getInstance(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, MissingNode.getInstance(), null);
        }
    }

    /** The elements of {@code array}, for templates' loops. */
    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        return all;
    }
}
