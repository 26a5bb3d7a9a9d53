package io.punchcard.loyalty.event;

import java.util.List;

/** The events feed. */
public interface Events {

    /**
     * Events after {@code position} (null for the start), oldest first, at most {@code limit}. Only events of
     * transactions older than every transaction still running are served, so an event whose transaction
     * commits late is served after the ones before it, never skipped.
     */
    Page after(String position, int limit);

    /**
     * @param events the events
     * @param next   the position to ask from next time (the last event's, or the one asked for when none)
     */
    record Page(List<Stored> events, String next) {
    }

    /**
     * An event as stored, with its place in the feed. It is served as written: a kind this version does not know
     * (written by a newer core, or by hand) is passed on, not refused.
     *
     * @param position opaque, increasing
     * @param id       the event's number
     * @param type     its kind's name
     * @param memberId whom it is about, or null
     * @param payload  its fields
     * @param at       when it happened
     */
    record Stored(String position, long id, String type, java.util.UUID memberId, java.util.Map<String, Object> payload,
                  java.time.Instant at) {
    }
}
