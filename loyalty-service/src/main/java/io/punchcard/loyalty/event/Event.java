package io.punchcard.loyalty.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;

/**
 * A domain event to write: something that happened to a member, written in the same transaction as the change and
 * served in order by the events feed, which the campaign scheduler follows. It can only be built from a record of
 * the feed's typed contract ({@link LoyaltyEvent}), so every payload the core writes is one a follower can read
 * back with {@link EventType#read}.
 *
 * @param memberId whom it is about, or null (an anonymous sale, a bearer voucher)
 * @param event    what happened
 * @param at       when it happened
 */
public record Event(UUID memberId, LoyaltyEvent event, Instant at) {

    public Event {
        if (event == null || event instanceof LoyaltyEvent.Unrecognised) {
            throw new IllegalArgumentException("the core writes only kinds of the contract, not " + event);
        }
    }

    public static Event of(UUID memberId, LoyaltyEvent event, Instant at) {
        return new Event(memberId, event, at);
    }

    /** The feed's name of its kind, e.g. {@code purchase.recorded}. */
    public String type() {
        return event.type().wireName();
    }

    /** The record's fields, as the feed carries them. */
    public Map<String, Object> payload() {
        return EventType.payload(event);
    }
}
