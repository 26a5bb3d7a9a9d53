package io.punchcard.campaign.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored message as staff and the member's history see it: what it was, where it stands, and each step on its
 * way (deferrals, retries, delivery receipts). Never the text of a one-time code.
 */
public record MessageRecord(long id, String cause, Purpose purpose, Channel channel, UUID memberId, String template,
                            String campaign, String requestedBy, Instant createdAt, Instant dueAt, Instant notBefore,
                            MessageState state, int attempts, String outcome, String outcomeDetail, String address,
                            String language, String subject, Integer segments, String providerId,
                            DeliveryStatus delivery, Instant deliveryAt, Instant handedAt, Instant finishedAt,
                            List<Step> steps) {

    public MessageRecord {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** One thing that happened to the message. */
    public record Step(Instant at, String step, String detail) {
    }
}
