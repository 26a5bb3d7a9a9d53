package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;

/**
 * A page of the events feed.
 *
 * @param events the events, oldest first
 * @param next   pass as {@code after} for the next page
 */
public record EventPage(List<FeedEvent> events, String next) {

    /**
     * @param position where it is in the feed
     * @param id       its number
     * @param type     e.g. {@code purchase.recorded}
     * @param memberId whom it is about
     * @param payload  details
     * @param at       when
     */
    public record FeedEvent(String position, long id, String type, String memberId, Map<String, Object> payload,
                            Instant at) {

        /** This entry as its typed record ({@link LoyaltyEvent.Unrecognised} for a kind this client does not know). */
        public LoyaltyEvent event() {
            return EventType.read(type, payload);
        }
    }
}
