package io.punchcard.console.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.Json;
import io.punchcard.api.v1.StaffSession;

/**
 * A member's messages and their outcomes, from the campaign scheduler ({@code GET
 * /scheduler/v1/members/{id}/messages}, docs/messages.md), asked with the console's key in the person's staff
 * session: the scheduler checks the session with the core and lets a store manager read only their stores' members.
 * The console depends on the scheduler's wire contract only, never on its code. A read, tried once: the member page
 * shows the rest of the member when the scheduler is slow or away.
 */
public final class MemberMessages {

    /** The page waits this long for the scheduler, no longer: the messages are one panel of many. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final URI scheduler;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param scheduler where the scheduler answers (in the all-in-one app, the core's own address)
     * @param apiKey    the console's CONSOLE key
     */
    public MemberMessages(URI scheduler, String apiKey) {
        this.scheduler = scheduler;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * A message as the member's history shows it (the scheduler says more; the console reads only this).
     *
     * @param channel       EMAIL or SMS
     * @param template      the template's code
     * @param campaign      the campaign that sent it, if one did
     * @param state         where it stands: QUEUED, SENDING, SENT, FAILED, SUPPRESSED, EXPIRED, UNKNOWN, …
     * @param outcome       why it ended as it did (a suppression's reason, a failure's)
     * @param outcomeDetail more about it, for staff
     * @param delivery      what the SMS gateway reported back, if anything
     * @param createdAt     when it was planned
     * @param handedAt      when it was handed to the mail server or gateway
     * @param finishedAt    when it reached its end
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(long id, String channel, String template, String campaign, String purpose, String state,
                          String outcome, String outcomeDetail, String delivery, Instant createdAt, Instant handedAt,
                          Instant finishedAt) {
    }

    /** What asking for a member's messages came to. */
    public sealed interface Answer permits Found, Refused, Unavailable {
    }

    /** @param messages newest first */
    public record Found(List<Message> messages) implements Answer {
        public Found {
            messages = List.copyOf(messages);
        }
    }

    /** The scheduler said no (a store manager and another store's member): its words. */
    public record Refused(String detail) implements Answer {
    }

    /** The scheduler did not answer, or answered something this console cannot read. */
    public record Unavailable() implements Answer {
    }

    /** The newest {@code limit} messages of {@code member}, asked in the staff session {@code staffSession}. */
    public Answer of(UUID member, String staffSession, int limit) {
        try {
            HttpRequest request = HttpRequest.newBuilder(scheduler.resolve("/scheduler/v1/members/" + member
                            + "/messages?limit=" + limit)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + apiKey).header(StaffSession.HEADER, staffSession)
                    .header("Accept", "application/json").GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = Json.mapper().readTree(response.body());
            if (response.statusCode() == 200) {
                return new Found(List.of(Json.mapper().convertValue(body.path("messages"), Message[].class)));
            }
            if (response.statusCode() == 403) {
                return new Refused(body == null ? "" : body.path("detail").asText(""));
            }
            return new Unavailable();
        } catch (IOException | IllegalArgumentException e) {
            return new Unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable();
        }
    }
}
