package io.punchcard.kiosk.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.Json;
import io.punchcard.api.v1.KioskSession;

/**
 * The campaign scheduler's one-time codes by SMS, with the kiosk's own key: send a code to a phone number, then
 * check what the shopper typed. A right code proves the number; the scheduler then opens the kiosk's session for
 * the member who has it, if any. Neither call is retried: a second send would be a second SMS, and a check counts
 * towards the code's tries.
 */
public final class OneTimeCodes {

    /** Why the scheduler would not send or accept a code, as the shopper is told. */
    public enum Refusal {
        /** The number is not one an SMS can go to. */
        INVALID_PHONE,
        /** The code typed is not the one sent. */
        WRONG_CODE,
        /** The code is too old, or was tried too often: a new one is needed. */
        CODE_EXPIRED,
        /** Too many codes for this number or this kiosk: wait, or scan a card. */
        TOO_MANY,
        /** SMS or the core is out of reach for now. */
        UNAVAILABLE
    }

    /** What came of asking for a code. */
    public sealed interface Sending permits Sent, SendRefused {
    }

    /**
     * @param id        the code's id, to check it with
     * @param expiresAt when it stops being accepted
     */
    public record Sent(String id, Instant expiresAt) implements Sending {
    }

    public record SendRefused(Refusal refusal) implements Sending {
    }

    /** What came of checking a code. */
    public sealed interface Checking permits SignedIn, NoMember, CheckRefused {
    }

    /** The number is proven and belongs to a member: the kiosk acts for them in {@code session}. */
    public record SignedIn(String phone, KioskSession session) implements Checking {
    }

    /** The number is proven and no member has it: the shopper may sign up with it. */
    public record NoMember(String phone) implements Checking {
    }

    public record CheckRefused(Refusal refusal) implements Checking {
    }

    /** An SMS is sent within seconds or not at all; the shopper is standing at the screen. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI scheduler;
    private final String apiKey;
    private final HttpClient http;

    public OneTimeCodes(URI scheduler, String apiKey) {
        this.scheduler = scheduler;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** {@code POST /scheduler/v1/one-time-codes}: a code by SMS to {@code phone}, worded in {@code language}. */
    public Sending send(String phone, String language) {
        Answer answer = post("/scheduler/v1/one-time-codes", Map.of("phone", phone, "language", language));
        if (answer.status() == 202 || answer.status() == 201 || answer.status() == 200) {
            return new Sent(answer.body().path("id").asText(), instant(answer.body().path("expiresAt")));
        }
        return new SendRefused(refusal(answer));
    }

    /** {@code POST /scheduler/v1/one-time-codes/{id}/check}. */
    public Checking check(String id, String code) {
        Answer answer = post("/scheduler/v1/one-time-codes/" + java.net.URLEncoder.encode(id,
                java.nio.charset.StandardCharsets.UTF_8) + "/check", Map.of("code", code));
        if (answer.status() != 200) {
            return new CheckRefused(refusal(answer));
        }
        String phone = answer.body().path("phone").asText(null);
        JsonNode session = answer.body().path("session");
        if (session.isNull() || session.isMissingNode()) {
            return new NoMember(phone);
        }
        return new SignedIn(phone, Json.mapper().convertValue(session, KioskSession.class));
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(scheduler.resolve(path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer;
            try {
                answer = Json.mapper().readTree(response.body());
            } catch (IOException e) {
                answer = Json.mapper().missingNode();
            }
            return new Answer(response.statusCode(), answer == null ? Json.mapper().missingNode() : answer);
        } catch (IOException e) {
            return new Answer(503, Json.mapper().missingNode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, Json.mapper().missingNode());
        }
    }

    /** The scheduler's problem as the shopper's reason: by its type, else by its status. */
    private static Refusal refusal(Answer answer) {
        String type = answer.body().path("type").asText("");
        String slug = type.substring(type.lastIndexOf('/') + 1);
        return switch (slug) {
            case "wrong-code" -> Refusal.WRONG_CODE;
            case "code-expired" -> Refusal.CODE_EXPIRED;
            case "too-many-codes", "number-locked", "too-many-codes-for-kiosk" -> Refusal.TOO_MANY;
            case "sms-unavailable", "core-unavailable" -> Refusal.UNAVAILABLE;
            default -> switch (answer.status()) {
                case 400, 422 -> answer.body().path("field").asText("").equals("phone") ? Refusal.INVALID_PHONE
                        : Refusal.WRONG_CODE;
                case 404, 410 -> Refusal.CODE_EXPIRED;
                case 429 -> Refusal.TOO_MANY;
                default -> Refusal.UNAVAILABLE;
            };
        };
    }

    private static Instant instant(JsonNode value) {
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
