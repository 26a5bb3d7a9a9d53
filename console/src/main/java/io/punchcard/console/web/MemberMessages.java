package io.punchcard.console.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.punchcard.api.Json;

/**
 * A member's messages and their outcomes, from the campaign scheduler ({@code GET
 * /scheduler/v1/members/{id}/messages}, docs/messages.md), asked with the console's key in the person's staff
 * session: the scheduler checks the session with the core and lets a store manager read only their stores' members.
 * The console depends on the scheduler's wire contract only, never on its code. A read, tried once: the member page
 * shows the rest of the member when the scheduler is slow or away.
 */
public final class MemberMessages {

    private final Scheduler scheduler;

    public MemberMessages(Scheduler scheduler) {
        this.scheduler = scheduler;
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
        Scheduler.Reply reply = scheduler.get("/members/" + member + "/messages?limit=" + limit, staffSession);
        if (reply.status() == 200) {
            try {
                return new Found(List.of(Json.mapper().convertValue(reply.body().path("messages"), Message[].class)));
            } catch (IllegalArgumentException e) {
                return new Unavailable();
            }
        }
        return reply.status() == 403 ? new Refused(reply.detail()) : new Unavailable();
    }
}
