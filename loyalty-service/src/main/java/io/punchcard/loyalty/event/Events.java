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
     * An event with its place in the feed.
     *
     * @param position opaque, increasing
     * @param id       the event's number
     * @param event    the event
     */
    record Stored(String position, long id, Event event) {
    }
}
